package fer.data;

import fer.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one entry point to the data: reads FER-2013 (any of its three forms) or the synthetic set, as a resolved
 * {@link DatasetConfig} says, and splits it.
 *
 * <pre>{@code
 * FerDataset data = Datasets.load(study.data(), study.progress());   // resolved at the edge: FER-2013 if present, else synthetic FER
 * SplitDataset parts = Datasets.split(data, SplitConfig.paper());
 * LabeledImages train = parts.train();
 * }</pre>
 */
public final class Datasets {
    /** Folder (under {@code data/}) of the quick-profile synthetic set. */
    public static final String SYNTHETIC_DIR = "synthetic-fer";
    /** Folder (under {@code data/}) of the FER-2013-size synthetic set. */
    public static final String SYNTHETIC_FULL_DIR = "synthetic-fer-full";

    private Datasets() {}

    /**
     * Reads the configured dataset, generating the synthetic default first when the config names it and it is not
     * there yet; {@code progress} hears what it does. The config must be resolved ({@link DatasetConfig#resolve}): where
     * to look is decided at the edge, not here.
     */
    public static FerDataset load(DatasetConfig cfg, Progress progress) {
        if (!cfg.resolved()) {
            throw new IllegalArgumentException("dataset not resolved: build it with fer.Study (or DatasetConfig.resolve) first");
        }
        if (cfg.synthetic() == null) {
            progress.log("Reading " + cfg.source());
            return open(cfg.source(), cfg.readOptions());
        }
        progress.log("Reading synthetic FER, the embedded default (no FER-2013 was found or chosen; see docs/data.md), at " + cfg.source());
        SyntheticFer.ensure(cfg.source(), cfg.synthetic(), progress);
        return Fer2013Csv.read(cfg.source().resolve("fer2013.csv"), cfg.readOptions(), SyntheticFer.DATASET_NAME);
    }

    /** Loads and splits in one call, as configured. */
    public static SplitDataset loadSplit(DatasetConfig cfg, Progress progress) {
        return split(load(cfg, progress), cfg.split());
    }

    /** Divides a dataset into train / validation / test. */
    public static SplitDataset split(FerDataset data, SplitConfig cfg) {
        return Splits.split(data, cfg);
    }

    /**
     * Reads {@code path} in whichever form it has: a {@code fer2013.csv} file; a {@code fer2013new.csv}
     * file or a folder holding both CSVs (FER+); a folder holding {@code fer2013.csv}; a folder-form root.
     * A folder holding a synthetic stamp is named "synthetic FER".
     */
    public static FerDataset open(Path path, ReadOptions opt) {
        if (Files.isRegularFile(path)) {
            if (path.getFileName().toString().equalsIgnoreCase("fer2013new.csv")) {
                return FerPlus.read(path.resolveSibling("fer2013.csv"), path, opt);
            }
            return Fer2013Csv.read(path, opt, nameFor(path.getParent()));
        }
        if (!Files.isDirectory(path)) {
            throw new BadDataException(path.toString(), "dataset not found: expected fer2013.csv, a folder with train/ and test/, "
                    + "or a folder with fer2013.csv + fer2013new.csv (see docs/data.md)");
        }
        if (FerPlus.looksLikeFerPlus(path)) return FerPlus.read(path, opt);
        if (Files.isRegularFile(path.resolve("fer2013.csv"))) return Fer2013Csv.read(path.resolve("fer2013.csv"), opt, nameFor(path));
        if (FerFolders.looksLikeFolderForm(path)) return FerFolders.read(path, opt, nameFor(path));
        throw new BadDataException(path.toString(), "no FER dataset here: expected fer2013.csv, train/<class>/ + test/<class>/, "
                + "or fer2013.csv + fer2013new.csv");
    }

    /** Reads {@code path} as the given form (for a folder holding more than one, e.g. synthetic FER's CSV and folders). */
    public static FerDataset open(Path path, DatasetFormat format, ReadOptions opt) {
        boolean dir = Files.isDirectory(path);
        return switch (format) {
            case CSV -> Fer2013Csv.read(dir ? path.resolve("fer2013.csv") : path, opt, nameFor(dir ? path : path.getParent()));
            case FOLDERS -> FerFolders.read(path, opt, nameFor(path));
            case FERPLUS -> dir ? FerPlus.read(path, opt) : FerPlus.read(path.resolveSibling("fer2013.csv"), path, opt);
        };
    }

    /**
     * Where FER-2013 is under {@code dataDir}, if anywhere: {@code fer2013.csv} or a folder form, directly or
     * in {@code fer2013/}. The synthetic folders are never taken for FER-2013.
     */
    public static Optional<Path> findFer2013(Path dataDir) {
        for (Path dir : List.of(dataDir, dataDir.resolve("fer2013"), dataDir.resolve("FER2013"), dataDir.resolve("fer-2013"))) {
            if (!Files.isDirectory(dir) || isSynthetic(dir)) continue;
            if (Files.isRegularFile(dir.resolve("fer2013.csv"))) return Optional.of(dir.resolve("fer2013.csv"));
            if (FerFolders.looksLikeFolderForm(dir)) return Optional.of(dir);
        }
        return Optional.empty();
    }

    private static boolean isSynthetic(Path dir) {
        return dir != null && Files.isRegularFile(dir.resolve(SyntheticFer.STAMP));
    }

    private static String nameFor(Path dir) {
        return isSynthetic(dir) ? SyntheticFer.DATASET_NAME : "FER-2013";
    }
}
