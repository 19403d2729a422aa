package fer.data;

/**
 * How a dataset is divided into train / validation / test.
 *
 * @param seed               shuffles each class before the validation share is cut off; same seed, same split
 * @param validationFraction share of each class of the training part held out for validation (paper: 0.2)
 * @param officialSplits     CSV and FER+ only: use FER-2013's own PublicTest as validation and PrivateTest as
 *                           test, and all of Training for training, instead of the 80/20 cut
 */
public record SplitConfig(long seed, double validationFraction, boolean officialSplits) {
    /**
     * The paper's default split seed. The report (Section 5.2) gives the 80/20 cut and its counts but not
     * a seed; 42 is this project's fixed choice, so every run of every notebook sees the same split.
     */
    public static final long PAPER_SEED = 42L;

    public SplitConfig {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 1), got " + validationFraction);
        }
    }

    /** The report's split: seeded, stratified 80/20 from the training part; test untouched. */
    public static SplitConfig paper() {
        return new SplitConfig(PAPER_SEED, 0.2, false);
    }

    public SplitConfig withSeed(long s) { return new SplitConfig(s, validationFraction, officialSplits); }

    public SplitConfig withOfficialSplits(boolean o) { return new SplitConfig(seed, validationFraction, o); }
}
