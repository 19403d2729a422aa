package fer.cli;

import fer.Study;
import fer.Workspace;
import fer.data.*;
import fer.viz.ProgressDisplay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fer data …}: generate the synthetic set, summarise a dataset, show a split. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "FER-2013 / FER+ / synthetic FER: generate, summarise, split.",
        subcommands = {DataCommand.Synth.class, DataCommand.Summary.class, DataCommand.Split.class})
public final class DataCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    /** {@code fer data synth}: writes the synthetic set in FER-2013's formats, or benchmarks the generator. */
    @Command(name = "synth", mixinStandardHelpOptions = true,
            description = "Generate synthetic FER (fer2013.csv + train/, test/ folders), or measure the generator with --bench.")
    static final class Synth implements Callable<Integer> {
        @Option(names = "--size", defaultValue = "quick", description = "quick (3,600 + 900) or full (28,709 + 7,178, like FER-2013)")
        String size;
        @Option(names = "--train", description = "training images (overrides --size)") Integer train;
        @Option(names = "--test", description = "test images (overrides --size)") Integer test;
        @Option(names = "--seed", defaultValue = "" + SyntheticConfig.DEFAULT_SEED) long seed;
        @Option(names = "--label-noise", defaultValue = "0", description = "share of images given a wrong label") double labelNoise;
        @Option(names = "--out", description = "output folder (default data/synthetic-fer or data/synthetic-fer-full)") Path out;
        @Option(names = "--force", description = "regenerate even if the stamp says the folder is current") boolean force;
        @Option(names = "--bench", arity = "0..1", fallbackValue = "5000", description = "render N images in memory and print images/s")
        Integer bench;
        @Option(names = "--samples", description = "write a sample sheet PNG (one row per class) to this file and exit")
        Path samples;

        @Override
        public Integer call() throws Exception {
            SyntheticConfig cfg = SyntheticConfig.ofSize(size).withSeed(seed).withLabelNoise(labelNoise);
            if (train != null || test != null) {
                cfg = cfg.withSizes(train == null ? cfg.trainSize() : train, test == null ? cfg.testSize() : test);
            }
            if (samples != null) {
                if (samples.getParent() != null) Files.createDirectories(samples.getParent());
                var grid = new fer.viz.ImageGrid(48).zoom(2);
                SyntheticFer.samples(cfg, 10).forEach((e, px) -> grid.row(e.title(), px));
                ImageIO.write(grid.render(), "png", samples.toFile());
                System.out.println("Wrote " + samples + " (synthetic FER samples; rows: " + String.join(", ",
                        Emotion.FER2013.stream().map(Emotion::id).toList()) + ")");
                return 0;
            }
            if (bench != null) {
                int cores = Runtime.getRuntime().availableProcessors();
                var mx = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
                SyntheticFer.Bench b = SyntheticFer.benchmark(cfg, bench);
                System.out.printf("synthetic FER render: %d images, %.0f images/s wall on %d cores (load average %.1f); "
                        + "%.0f us CPU per image = %.0f images/s per fully available core%n",
                        bench, b.imagesPerSecond(), cores, mx.getSystemLoadAverage(), b.cpuMicrosPerImage(), 1e6 / b.cpuMicrosPerImage());
                long t0 = System.nanoTime();
                var g = SyntheticFer.generate(cfg.withSizes(Math.max(7, bench * 4 / 5), Math.max(2, bench / 5)), null);
                Path tmp = Files.createTempDirectory("synth-bench");
                SyntheticFer.write(g, tmp);
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("synthetic FER render + write CSV and PNG folders: %.0f images/s%n", g.pixels().length / s);
                try (var w = Files.walk(tmp)) {
                    for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
                }
                return 0;
            }
            Path dir = out != null ? out
                    : Workspace.fromEnvironment().generated().resolve(cfg.total() > 20_000 ? Datasets.SYNTHETIC_FULL_DIR : Datasets.SYNTHETIC_DIR);
            if (force) Files.deleteIfExists(dir.resolve(SyntheticFer.STAMP));
            SyntheticFer.ensure(dir, cfg, ProgressDisplay.log(System.out));
            System.out.println("Synthetic FER (" + cfg + ") is in " + dir);
            return 0;
        }
    }

    /** {@code fer data summary}: counts per source split and class, and every skipped item. */
    @Command(name = "summary", mixinStandardHelpOptions = true,
            description = "Count images per source split and class; list skipped items. PATH: fer2013.csv, a folder-form root, "
                    + "or a folder with fer2013.csv + fer2013new.csv (FER+).")
    static final class Summary implements Callable<Integer> {
        @Parameters(arity = "0..1", description = "dataset path (default: what notebooks would use)") Path path;
        @Option(names = "--json", description = "machine-readable output") boolean json;
        @Option(names = "--lenient", description = "skip bad items and report them instead of failing on the first") boolean lenient;
        @Option(names = "--format", description = "read PATH as csv, folders or ferplus (default: detected)") String format;

        @Override
        public Integer call() {
            ReadOptions opt = new ReadOptions(ReadOptions.FER_SIDE, lenient);
            FerDataset d = path == null
                    ? Datasets.load(Study.fromEnvironment().withLenient(lenient).data(), ProgressDisplay.log(json ? System.err : System.out))
                    : format == null ? Datasets.open(path, opt) : Datasets.open(path, DatasetFormat.parse(format), opt);
            System.out.println(json ? d.summaryJson() : d.summaryText());
            return 0;
        }
    }

    /** {@code fer data split}: the train / validation / test counts a seed gives. */
    @Command(name = "split", mixinStandardHelpOptions = true, description = "Show the train/validation/test split a seed gives.")
    static final class Split implements Callable<Integer> {
        @Parameters(arity = "0..1", description = "dataset path (default: what notebooks would use)") Path path;
        @Option(names = "--seed", defaultValue = "" + SplitConfig.PAPER_SEED) long seed;
        @Option(names = "--validation", defaultValue = "0.2", description = "validation share of each class") double fraction;
        @Option(names = "--official", description = "CSV/FER+: PublicTest as validation, PrivateTest as test") boolean official;
        @Option(names = "--lenient") boolean lenient;
        @Option(names = "--format", description = "read PATH as csv, folders or ferplus (default: detected)") String format;

        @Override
        public Integer call() {
            ReadOptions opt = new ReadOptions(ReadOptions.FER_SIDE, lenient);
            FerDataset d = path == null ? Datasets.load(Study.fromEnvironment().withLenient(lenient).data(), ProgressDisplay.log(System.out))
                    : format == null ? Datasets.open(path, opt) : Datasets.open(path, DatasetFormat.parse(format), opt);
            SplitDataset s = Splits.split(d, new SplitConfig(seed, fraction, official));
            System.out.println(s.countsTable().print());
            return 0;
        }
    }
}
