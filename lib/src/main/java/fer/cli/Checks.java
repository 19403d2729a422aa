package fer.cli;

/**
 * Range checks of numeric options, so a value the code would treat as "no limit" or "default" ({@code --budget -1},
 * {@code --train-images 0}) is refused in one line instead of silently ignored.
 */
final class Checks {
    private Checks() {}

    /** {@code value} (null: the option was not given) if at least {@code min}, else an error naming the option. */
    static <T extends Number> T atLeast(String option, T value, long min) {
        if (value != null && value.doubleValue() < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    /** {@code value} if strictly positive (null: not given). */
    static Double positive(String option, Double value) {
        if (value != null && !(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(option + " must be a positive number, got " + value);
        }
        return value;
    }

    /** {@code value} in [0, 1) (null: not given). */
    static Double fraction(String option, Double value) {
        if (value != null && !(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(option + " must be in [0, 1), got " + value);
        }
        return value;
    }
}
