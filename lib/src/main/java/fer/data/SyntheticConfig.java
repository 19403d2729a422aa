package fer.data;

/**
 * What the synthetic FER generator makes.
 *
 * @param trainSize  images in the training part ({@code Training} in the CSV, {@code train/} in folders)
 * @param testSize   images in the test part (halved into PublicTest / PrivateTest in the CSV)
 * @param seed       image {@code i} is a pure function of (seed, i)
 * @param labelNoise share of images whose recorded label is another class than the expression shown
 * @param difficulty how subtle the expressions and how rough the camera are
 */
public record SyntheticConfig(int trainSize, int testSize, long seed, double labelNoise, SyntheticDifficulty difficulty) {
    /** The generator's default seed. */
    public static final long DEFAULT_SEED = 2013L;

    public SyntheticConfig {
        if (trainSize < 7 || testSize < 2) throw new IllegalArgumentException("need at least 7 train and 2 test images");
        if (labelNoise < 0 || labelNoise >= 1) throw new IllegalArgumentException("labelNoise must be in [0, 1), got " + labelNoise);
        if (difficulty == null) difficulty = SyntheticDifficulty.DEFAULT;
    }

    public SyntheticConfig(int trainSize, int testSize, long seed, double labelNoise) {
        this(trainSize, testSize, seed, labelNoise, SyntheticDifficulty.DEFAULT);
    }

    /** Default size: trains in minutes on 2 cores (3,600 train + 900 test). */
    public static SyntheticConfig quick() {
        return new SyntheticConfig(3600, 900, DEFAULT_SEED, 0.0);
    }

    /** FER-2013's size: 28,709 train + 7,178 test = 35,887 images. */
    public static SyntheticConfig full() {
        return new SyntheticConfig(28_709, 7_178, DEFAULT_SEED, 0.0);
    }

    /** The named size: {@code quick} or {@code full}. */
    public static SyntheticConfig ofSize(String size) {
        return switch (size.toLowerCase(java.util.Locale.ROOT)) {
            case "quick", "small", "default" -> quick();
            case "full", "fer2013", "paper" -> full();
            default -> throw new IllegalArgumentException("Unknown synthetic size '" + size + "': expected quick or full");
        };
    }

    public int total() {
        return trainSize + testSize;
    }

    public SyntheticConfig withSeed(long s) { return new SyntheticConfig(trainSize, testSize, s, labelNoise, difficulty); }

    public SyntheticConfig withLabelNoise(double p) { return new SyntheticConfig(trainSize, testSize, seed, p, difficulty); }

    public SyntheticConfig withSizes(int train, int test) { return new SyntheticConfig(train, test, seed, labelNoise, difficulty); }

    @Override
    public String toString() {
        return "train=" + trainSize + " test=" + testSize + " seed=" + seed + " labelNoise=" + labelNoise + " difficulty=" + difficulty;
    }
}
