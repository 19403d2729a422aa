package fer.data;

import fer.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which dataset a study uses and how it is read and split. Built unresolved ({@link #paper()}, optionally
 * {@link #withSource}), then {@link #resolve resolved} once at the edge against the folders of the workspace: from then
 * on {@link #source()} names the file or folder that is read, and {@link #synthetic()} says whether that is the
 * generated default (and of which size).
 *
 * @param source    a {@code fer2013.csv}, a folder-form root, or a folder holding {@code fer2013.csv} +
 *                  {@code fer2013new.csv} (FER+); {@code null} until resolved when nothing was asked for
 * @param side      image side in pixels (48 = FER-2013's own)
 * @param lenient   skip and report bad items instead of failing on the first
 * @param split     how to divide it into train / validation / test (paper: seeded stratified 80/20)
 * @param synthetic non-null when {@code source} is the synthetic default generated from this config
 */
public record DatasetConfig(Path source, int side, boolean lenient, SplitConfig split, SyntheticConfig synthetic) {
    public DatasetConfig {
        if (split == null) split = SplitConfig.paper();
        if (synthetic != null && source == null) throw new IllegalArgumentException("a synthetic dataset needs its folder");
        new ReadOptions(side, lenient); // validates side
    }

    /** The paper's settings, not yet resolved: FER-2013 if the workspace has it, else synthetic FER; 48×48, strict, 80/20. */
    public static DatasetConfig paper() {
        return new DatasetConfig(null, ReadOptions.FER_SIDE, false, SplitConfig.paper(), null);
    }

    /** A given file or folder (it must exist: checked by {@link #resolve}). */
    public DatasetConfig withSource(Path p) { return new DatasetConfig(p, side, lenient, split, null); }

    public DatasetConfig withSide(int s) { return new DatasetConfig(source, s, lenient, split, synthetic); }

    public DatasetConfig withLenient(boolean l) { return new DatasetConfig(source, side, l, split, synthetic); }

    public DatasetConfig withSplit(SplitConfig s) { return new DatasetConfig(source, side, lenient, s, synthetic); }

    /** True once {@link #source} names what is read. */
    public boolean resolved() {
        return source != null;
    }

    /**
     * This config with its source settled: a given source must exist (else an error naming it); without one, FER-2013
     * found under {@code dataDir} (see {@link Datasets#findFer2013}), else the synthetic default of the profile's size in
     * {@code generatedDir} — never inside a folder the user named.
     */
    public DatasetConfig resolve(Path dataDir, Path generatedDir, Profile profile) {
        if (synthetic != null) return this; // generated on first use
        if (source != null) {
            if (!Files.exists(source)) {
                throw new BadDataException(source.toString(), "dataset not found: no such file or folder (expected fer2013.csv, "
                        + "a folder with train/ and test/, or a folder with fer2013.csv + fer2013new.csv; see docs/data.md)");
            }
            return this;
        }
        Optional<Path> real = Datasets.findFer2013(dataDir);
        if (real.isPresent()) return new DatasetConfig(real.get(), side, lenient, split, null);
        boolean paper = profile == Profile.PAPER;
        Path dir = generatedDir.resolve(paper ? Datasets.SYNTHETIC_FULL_DIR : Datasets.SYNTHETIC_DIR);
        return new DatasetConfig(dir, side, lenient, split, paper ? SyntheticConfig.full() : SyntheticConfig.quick());
    }

    /** One line for a reader: what is read, from where. */
    public String describe() {
        if (source == null) return "not resolved yet: FER-2013 under data/ if present, else synthetic FER";
        return (synthetic != null ? SyntheticFer.DATASET_NAME + " (the embedded default, " + synthetic.trainSize() + " + "
                + synthetic.testSize() + " images, generated on first use)" : "given dataset") + " at " + source;
    }

    ReadOptions readOptions() {
        return new ReadOptions(side, lenient);
    }
}
