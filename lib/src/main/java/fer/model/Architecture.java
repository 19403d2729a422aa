package fer.model;

import java.util.Locale;

/** The networks of the study: the paper's VGG16 models and a small CNN for quick runs and tests. */
public enum Architecture {
    /** The report's "default model": VGG16 conv base, top replaced by a 7-way softmax (Section 7.2.1). */
    BASELINE,
    /** The report's final model: VGG16 base, GAP, Dense 4096, Dense 1024, softmax (Section 6.5). */
    CUSTOM,
    /** Four conv-BN-ReLU-pool blocks (32-64-128-256), Dense 256: trains in seconds on a CPU. */
    SMALL;

    /** Parses {@code baseline}, {@code custom} or {@code small}, any case. */
    public static Architecture parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown model '" + name + "': expected baseline, custom or small");
        }
    }

    /** The study architecture of that name (any case), or empty for another model's (e.g. an imported one). */
    public static java.util.Optional<Architecture> find(String name) {
        for (Architecture a : values()) if (a.name().equalsIgnoreCase(name.trim())) return java.util.Optional.of(a);
        return java.util.Optional.empty();
    }

    /** True for the models built on the VGG16 convolutional base (which takes 3 channels). */
    public boolean usesVgg() {
        return this != SMALL;
    }

    /** Lower-case name used on the command line and in manifests. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
