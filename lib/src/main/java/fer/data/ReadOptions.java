package fer.data;

/**
 * How a reader treats its input.
 *
 * @param side    side of the square grayscale images produced (48 = FER-2013's own size)
 * @param lenient skip bad items and report each one ({@link FerDataset#skipped()}) instead of failing
 *                on the first
 */
public record ReadOptions(int side, boolean lenient) {
    /** FER-2013's native side. */
    public static final int FER_SIDE = 48;

    public ReadOptions {
        if (side < 8 || side > 512) throw new IllegalArgumentException("side must be 8–512 pixels, got " + side);
    }

    /** Strict reading at 48×48. */
    public static ReadOptions strict() { return new ReadOptions(FER_SIDE, false); }

    /** Lenient reading at 48×48. */
    public static ReadOptions lenientDefault() { return new ReadOptions(FER_SIDE, true); }

    public ReadOptions withSide(int s) { return new ReadOptions(s, lenient); }

    public ReadOptions withLenient(boolean l) { return new ReadOptions(side, l); }
}
