package fer.bench;

import fer.Profile;
import fer.Study;
import fer.augment.FerBatches;
import fer.data.DatasetConfig;
import fer.data.Datasets;
import fer.data.FerDataset;
import fer.data.FerFolders;
import fer.data.ReadOptions;
import fer.data.SplitDataset;
import fer.data.Splits;
import fer.data.SyntheticFer;
import fer.model.Architecture;
import fer.model.ModelSpec;
import fer.model.Models;
import fer.train.TrainConfig;
import fer.viz.ProgressDisplay;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

/**
 * {@code fer bench paper-path}: the path a user with the real FER-2013 takes, at full size, bounded to a
 * few minutes on a CPU. Loads the paper profile's dataset (FER-2013 under {@code data/} when present, else
 * the full-size synthetic stand-in, 28,709 + 7,178 faces, generated on first use in both the CSV and the
 * folder form), checks the paper split (22,968 / 5,741 / 7,178), and trains the custom VGG16 at full width
 * (paper spec, paper optimizer) for a few batches of 256 on whatever backend is on the class path.
 *
 * <p>Prints load time, retained and peak heap, off-heap bytes and peak RSS against the targets (CSV load
 * ≤ 5 s and ≤ 1 GB heap). Exit status 1 when the split is wrong or the folder form disagrees with the CSV;
 * time and memory targets are reported (MISSED), not failed, since a shared CPU distorts them.
 */
public final class PaperPathCheck {
    /** The paper's split of FER-2013: 80/20 of Training, PublicTest + PrivateTest as test. */
    static final int TRAIN = 22_968, VALIDATION = 5_741, TEST = 7_178;
    static final double LOAD_SECONDS_TARGET = 5.0;
    static final long LOAD_HEAP_TARGET = 1L << 30;

    private PaperPathCheck() {}

    /**
     * Runs the check on {@code study}'s paper-profile dataset, training {@code batches} batches of {@code batch} (none when
     * {@code train} is false); returns the number of problems found (a wrong split, folders disagreeing with the CSV).
     */
    public static int run(Study study, int batches, int batch, boolean train) throws IOException {
        int problems = 0;
        DatasetConfig cfg = study.withProfile(Profile.PAPER).data();
        Path csv;
        if (cfg.synthetic() == null) {
            csv = cfg.source();
            System.out.println("FER-2013 found: " + csv);
        } else {
            long g0 = System.nanoTime();
            SyntheticFer.ensure(cfg.source(), cfg.synthetic(), ProgressDisplay.log(System.out));
            System.out.printf("full-size synthetic FER at %s (ready in %.1f s)%n", cfg.source(), secs(g0));
            csv = cfg.source().resolve("fer2013.csv");
        }

        // 1. the CSV, timed, with heap measured around it
        Memory before = Memory.now(true);
        Memory.resetPeaks();
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        FerDataset data = Datasets.load(DatasetConfig.paper().withSource(csv), fer.Progress.NONE);
        double loadSecs = secs(t0);
        double loadCpu = (processCpuNanos() - cpu0) / 1e9;
        long peakHeap = Memory.peakHeap();
        Memory loaded = Memory.now(true);
        long retained = loaded.heapUsed - before.heapUsed;
        System.out.printf("load %s: %,d images in %.2f s, %.2f CPU s (target ≤ %.0f s: %s); heap retained %s, peak %s "
                        + "(target ≤ %s: %s)%n", csv.getFileName(), data.images().size(), loadSecs, loadCpu, LOAD_SECONDS_TARGET,
                verdict(loadSecs <= LOAD_SECONDS_TARGET), mib(retained), mib(peakHeap), mib(LOAD_HEAP_TARGET),
                verdict(peakHeap <= LOAD_HEAP_TARGET));

        // 2. the folder form of the same set, when there is one beside it
        Path folders = csv.getParent();
        if (FerFolders.looksLikeFolderForm(folders)) {
            long f0 = System.nanoTime();
            FerDataset fromFolders = FerFolders.read(folders, new ReadOptions(ReadOptions.FER_SIDE, false));
            System.out.printf("load folders %s: %,d images in %.2f s%n", folders, fromFolders.images().size(), secs(f0));
            if (fromFolders.images().size() != data.images().size()) {
                System.out.printf("PROBLEM: folder form has %,d images, CSV %,d%n", fromFolders.images().size(),
                        data.images().size());
                problems++;
            }
            fromFolders = null; // let it go before training
        }

        // 3. the paper split
        SplitDataset split = Splits.split(data, cfg.split());
        int tr = split.train().size(), va = split.validation().size(), te = split.test().size();
        boolean splitOk = tr == TRAIN && va == VALIDATION && te == TEST;
        System.out.printf("split: train %,d / validation %,d / test %,d (paper: %,d / %,d / %,d): %s%n",
                tr, va, te, TRAIN, VALIDATION, TEST, splitOk ? "ok" : "WRONG");
        if (!splitOk) problems++;

        // 4. a few batches of the custom VGG16 at full width, as --profile paper trains it
        if (train) {
            ModelSpec spec = ModelSpec.paper(Architecture.CUSTOM);
            TrainConfig training = TrainConfig.paper().withBatchSize(batch);
            long b0 = System.nanoTime();
            ComputationGraph net = Models.build(spec, training.optimizer());
            System.out.printf("custom VGG16 (paper spec): %,d parameters, built in %.1f s%n", net.numParams(), secs(b0));
            try (FerBatches batchesIt = FerBatches.training(split.train()).batchSize(batch)
                    .channels(Architecture.CUSTOM.usesVgg() ? 3 : 1).side(ReadOptions.FER_SIDE).seed(training.seed()).build()) {
                for (int i = 1; i <= batches && batchesIt.hasNext(); i++) {
                    DataSet ds = batchesIt.next();
                    long s0 = System.nanoTime();
                    net.fit(ds);
                    Memory m = Memory.now(false);
                    System.out.printf("batch %d/%d (%d images): %.1f s, loss %.4f; heap %s, off-heap %s, RSS %s%n", i,
                            batches, ds.numExamples(), secs(s0), net.score(), mib(m.heapUsed), mib(m.offHeap), mib(m.rss));
                }
            }
        }
        Memory end = Memory.now(false);
        System.out.printf("peak RSS %s; off-heap now %s (javacpp limit %s); max heap %s%n", mib(end.peakRss),
                mib(end.offHeap), mib(Pointer.maxPhysicalBytes()), mib(Runtime.getRuntime().maxMemory()));
        System.out.println(problems == 0 ? "paper path: ok" : "paper path: " + problems + " problem(s)");
        return problems;
    }

    /** CPU time of the whole JVM (wall time on a shared machine says little). */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String verdict(boolean ok) {
        return ok ? "ok" : "MISSED";
    }

    private static String mib(long bytes) {
        return String.format("%,d MiB", bytes >> 20);
    }

    /** Heap, off-heap (JavaCPP) and resident memory of this process. */
    record Memory(long heapUsed, long offHeap, long rss, long peakRss) {
        static Memory now(boolean gc) {
            if (gc) {
                System.gc();
                System.gc();
            }
            Runtime r = Runtime.getRuntime();
            return new Memory(r.totalMemory() - r.freeMemory(), Pointer.physicalBytes(),
                    status("VmRSS"), status("VmHWM"));
        }

        static void resetPeaks() {
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
        }

        /** Sum of the heap pools' peaks since {@link #resetPeaks()} (an upper bound of the true peak). */
        static long peakHeap() {
            long sum = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) sum += p.getPeakUsage().getUsed();
            }
            return sum;
        }

        /** A size line of /proc/self/status in bytes (0 off Linux). */
        static long status(String key) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith(key + ":")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                return 0;
            }
            return 0;
        }
    }
}
