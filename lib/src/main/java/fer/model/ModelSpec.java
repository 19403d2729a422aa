package fer.model;

/**
 * Everything that defines a network's shape: an immutable config with the paper's values as defaults
 * ({@link #paper(Architecture)}), so tuning can vary any field.
 *
 * @param inputSide  image side in pixels (48 for FER-2013; the VGG base accepts 32 and up)
 * @param channels   1 (grayscale) or 3 (grayscale replicated, as the VGG16 base expects)
 * @param dense1     units of the first dense layer of the custom head (4096)
 * @param dense2     units of the second dense layer of the custom head (1024); the small CNN's dense layer
 * @param dropout1   Keras-style drop rate after the first dense layer (0.4: 40% of units dropped)
 * @param dropout2   Keras-style drop rate after the second dense layer (0.3)
 * @param freezeBase keep the VGG16 base's weights fixed (the report tried it and dropped it, Section 6.4)
 * @param baseWidth  filters in VGG16's first block (64); blocks 2-5 have 2, 4, 8, 8 times as many. 16 (a
 *                   quarter of VGG16's width) is the quick profile's CPU-sized variant; other values are for tests
 * @param batchNorm  a batch normalisation after each of the 13 convolutions, before the ReLU (torchvision's
 *                   {@code vgg16_bn}): plain VGG16 from random weights stays at the majority class on a CPU budget,
 *                   this variant learns (docs/train.md). Keras' VGG16 has none, so ImageNet weights need it off
 * @param classWeights per-class loss weights (class balancing), or null for none
 * @param dense3     units of an optional third dense layer of the custom head, 0 for none (Table 2 searches 2 or 3)
 * @param dropout3   drop rate after the third dense layer (ignored without one)
 * @param denseActivation activation of the custom head's dense layers: "relu" (the report's) or "sigmoid" (Table 2)
 */
public record ModelSpec(Architecture architecture, int inputSide, int channels, int numClasses,
                        int dense1, int dense2, double dropout1, double dropout2, boolean freezeBase,
                        int baseWidth, boolean batchNorm, long seed, double[] classWeights, int dense3, double dropout3,
                        String denseActivation) {

    public ModelSpec {
        if (architecture == null) throw new IllegalArgumentException("architecture must be set");
        int minSide = architecture.usesVgg() ? 32 : 16;
        if (inputSide < minSide) {
            throw new IllegalArgumentException("input side " + inputSide + " too small for " + architecture.id()
                    + ": expected at least " + minSide + " (five/four 2x2 poolings)");
        }
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        if (architecture.usesVgg() && channels != 3) {
            throw new IllegalArgumentException("the VGG16 base takes 3 channels, got " + channels);
        }
        if (numClasses < 2) throw new IllegalArgumentException("need at least 2 classes, got " + numClasses);
        checkRate("dropout1", dropout1);
        checkRate("dropout2", dropout2);
        if (dense1 < 1 || dense2 < 1) throw new IllegalArgumentException("dense sizes must be positive: " + dense1 + ", " + dense2);
        if (baseWidth < 1) throw new IllegalArgumentException("baseWidth must be positive, got " + baseWidth);
        if (classWeights != null && classWeights.length != numClasses) {
            throw new IllegalArgumentException("classWeights: expected " + numClasses + " values, got " + classWeights.length);
        }
        classWeights = classWeights == null ? null : classWeights.clone();
        if (dense3 < 0) throw new IllegalArgumentException("dense3 must be >= 0 (0 = no third layer), got " + dense3);
        checkRate("dropout3", dropout3);
        if (denseActivation == null) denseActivation = "relu";
        if (!denseActivation.equals("relu") && !denseActivation.equals("sigmoid")) {
            throw new IllegalArgumentException("denseActivation must be relu or sigmoid, got " + denseActivation);
        }
    }

    private static void checkRate(String name, double rate) {
        if (rate < 0 || rate >= 1) throw new IllegalArgumentException(name + " is a drop rate in [0, 1), got " + rate);
    }

    /** The paper's configuration: 48x48, 7 classes, Dense 4096/1024, dropout 0.4/0.3, trainable base. */
    public static ModelSpec paper(Architecture architecture) {
        boolean small = architecture == Architecture.SMALL;
        return new ModelSpec(architecture, 48, small ? 1 : 3, 7,
                4096, small ? 256 : 1024, small ? 0.5 : 0.4, small ? 0.5 : 0.3, false, 64, false, 42L, null, 0, 0, "relu");
    }

    /** A copy with some fields changed, e.g. {@code spec.with(b -> b.dense1 = 512)}: every {@code withX} is one. */
    public ModelSpec with(java.util.function.Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /** The fields of a spec being changed by {@link #with}; {@link #build} validates them. */
    public static final class Builder {
        public Architecture architecture;
        public int inputSide;
        public int channels;
        public int numClasses;
        public int dense1;
        public int dense2;
        public double dropout1;
        public double dropout2;
        public boolean freezeBase;
        public int baseWidth;
        public boolean batchNorm;
        public long seed;
        public double[] classWeights;
        public int dense3;
        public double dropout3;
        public String denseActivation;

        Builder(ModelSpec s) {
            architecture = s.architecture;
            inputSide = s.inputSide;
            channels = s.channels;
            numClasses = s.numClasses;
            dense1 = s.dense1;
            dense2 = s.dense2;
            dropout1 = s.dropout1;
            dropout2 = s.dropout2;
            freezeBase = s.freezeBase;
            baseWidth = s.baseWidth;
            batchNorm = s.batchNorm;
            seed = s.seed;
            classWeights = s.classWeights;
            dense3 = s.dense3;
            dropout3 = s.dropout3;
            denseActivation = s.denseActivation;
        }

        ModelSpec build() {
            return new ModelSpec(architecture, inputSide, channels, numClasses, dense1, dense2, dropout1, dropout2, freezeBase, baseWidth, batchNorm, seed, classWeights, dense3, dropout3, denseActivation);
        }
    }

    public ModelSpec withInputSide(int side) {
        return with(b -> b.inputSide = side);
    }

    public ModelSpec withNumClasses(int n) {
        return with(b -> b.numClasses = n);
    }

    public ModelSpec withDense(int d1, int d2) {
        return with(b -> { b.dense1 = d1; b.dense2 = d2; });
    }

    public ModelSpec withDropout(double d1, double d2) {
        return with(b -> { b.dropout1 = d1; b.dropout2 = d2; });
    }

    public ModelSpec withFreezeBase(boolean freeze) {
        return with(b -> b.freezeBase = freeze);
    }

    public ModelSpec withBaseWidth(int width) {
        return with(b -> b.baseWidth = width);
    }

    /** This spec with (or without) a batch normalisation after each VGG16 convolution. */
    public ModelSpec withBatchNorm(boolean bn) {
        return with(b -> b.batchNorm = bn);
    }

    /** A one-line name of the VGG16 variant, e.g. "VGG16-BN at 1/4 width (16-32-64-128-128 filters)"; for figures and manifests. */
    public String vggVariant() {
        if (!architecture.usesVgg()) return architecture.id();
        String w = baseWidth == 64 ? "full width" : (64 % baseWidth == 0 ? "1/" + (64 / baseWidth) : baseWidth + "/64") + " width";
        return (batchNorm ? "VGG16-BN" : "VGG16") + " at " + w + " (" + baseWidth + "-" + 2 * baseWidth + "-" + 4 * baseWidth
                + "-" + 8 * baseWidth + "-" + 8 * baseWidth + " filters)";
    }

    public ModelSpec withSeed(long s) {
        return with(b -> b.seed = s);
    }

    public ModelSpec withClassWeights(double[] weights) {
        return with(b -> b.classWeights = weights);
    }

    /** A third dense layer of {@code units} (0: none) followed by dropout at {@code rate} (Table 2's 3-layer heads). */
    public ModelSpec withDense3(int units, double rate) {
        return with(b -> { b.dense3 = units; b.dropout3 = rate; });
    }

    /** The dense layers' activation, {@code relu} or {@code sigmoid} (Table 2). */
    public ModelSpec withDenseActivation(String activation) {
        return with(b -> b.denseActivation = activation);
    }

    @Override
    public double[] classWeights() {
        return classWeights == null ? null : classWeights.clone();
    }
}
