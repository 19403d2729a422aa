package fer.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The embedded default dataset: synthetic FER, rendered deterministically and written in FER-2013's own
 * formats ({@code fer2013.csv} and {@code train/<class>/}, {@code test/<class>/}), so the real readers load
 * it. 48×48 8-bit gray faces, 7 classes in FER-2013's proportions, expressions built from action units
 * (see {@link SyntheticFaces}). Image {@code i} depends only on (seed, i), never on thread count.
 */
public final class SyntheticFer {
    /** Bumped whenever the images change for the same config: cached copies are then regenerated. */
    public static final int GENERATOR_VERSION = 3;
    /** The name written on every figure made from it. */
    public static final String DATASET_NAME = "synthetic FER";
    /** FER-2013's class counts (train part, test part), in label order: the synthetic set keeps these proportions. */
    static final int[] FER_TRAIN = {3995, 436, 4097, 7215, 4830, 3171, 4965};
    static final int[] FER_TEST = {958, 111, 1024, 1774, 1247, 831, 1233};
    public static final String STAMP = "synthetic-fer.stamp";

    private SyntheticFer() {}

    /** The generated images of one config, held in memory: train part first, then test. */
    public record Generated(SyntheticConfig config, int[] labels, int[] trueLabels, byte[][] pixels) {
        public int trainSize() { return config.trainSize(); }

        public String split(int i) {
            if (i < config.trainSize()) return "train";
            return "test";
        }

        /** FER-2013's CSV Usage for image i: the test part is halved into PublicTest and PrivateTest. */
        public String usage(int i) {
            if (i < config.trainSize()) return "Training";
            return i - config.trainSize() < config.testSize() / 2 ? "PublicTest" : "PrivateTest";
        }
    }

    /** Class counts for {@code n} images in the proportions of {@code ref} (largest remainder, so they sum to n). */
    static int[] allocate(int n, int[] ref) {
        long total = 0;
        for (int v : ref) total += v;
        int[] out = new int[ref.length];
        double[] rem = new double[ref.length];
        int used = 0;
        for (int c = 0; c < ref.length; c++) {
            double exact = (double) n * ref[c] / total;
            out[c] = (int) Math.floor(exact);
            rem[c] = exact - out[c];
            used += out[c];
        }
        Integer[] order = IntStream.range(0, ref.length).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer c) -> -rem[c]).thenComparingInt(c -> c));
        for (int k = 0; used < n; k++, used++) out[order[k % ref.length]]++;
        return out;
    }

    /** The expression each image shows: exact FER-2013 proportions per part, order shuffled by the seed. */
    static int[] trueLabels(SyntheticConfig cfg) {
        int[] out = new int[cfg.total()];
        fill(out, 0, allocate(cfg.trainSize(), FER_TRAIN), new Random(cfg.seed()));
        fill(out, cfg.trainSize(), allocate(cfg.testSize(), FER_TEST), new Random(cfg.seed() + 1));
        return out;
    }

    private static void fill(int[] out, int from, int[] counts, Random rnd) {
        int k = from;
        for (int c = 0; c < counts.length; c++) for (int j = 0; j < counts[c]; j++) out[k++] = c;
        for (int i = k - 1; i > from; i--) {
            int j = from + rnd.nextInt(i - from + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
    }

    /**
     * The labels written to the files: the expressions drawn, except a {@code labelNoise} share replaced by
     * another class, as some of FER-2013's own labels are wrong (report 4.2).
     */
    static int[] recordedLabels(SyntheticConfig cfg, int[] truth) {
        int[] labels = truth.clone();
        Random noise = new Random(cfg.seed() + 2);
        for (int i = 0; i < labels.length; i++) {
            if (noise.nextDouble() < cfg.labelNoise()) labels[i] = (truth[i] + 1 + noise.nextInt(6)) % 7;
        }
        return labels;
    }

    /** The generator of image {@code i}: a pure function of (seed, i). */
    static SplittableRandom random(long seed, int i) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL);
    }

    /** Renders image {@code i} of {@code cfg} showing {@code emotion}. */
    static byte[] renderOne(SyntheticConfig cfg, int i, Emotion emotion) {
        SplittableRandom r = random(cfg.seed(), i);
        return SyntheticFaces.render(SyntheticFaces.expression(emotion, r, cfg.difficulty()), r, cfg.difficulty());
    }

    /** Renders every image (in parallel), reporting progress as images completed. */
    public static Generated generate(SyntheticConfig cfg, IntConsumer progress) {
        int[] truth = trueLabels(cfg);
        int[] labels = recordedLabels(cfg, truth);
        byte[][] px = new byte[cfg.total()][];
        AtomicInteger done = new AtomicInteger();
        IntStream.range(0, cfg.total()).parallel().forEach(i -> {
            px[i] = renderOne(cfg, i, Emotion.FER2013.get(truth[i]));
            int d = done.incrementAndGet();
            if (progress != null && (d % 500 == 0 || d == cfg.total())) progress.accept(d);
        });
        return new Generated(cfg, labels, truth, px);
    }

    /**
     * Makes sure {@code dir} holds the synthetic set for {@code cfg} (fer2013.csv + folder form), generating
     * it only when missing or when the stamp (generator version + config) differs. Returns {@code dir}.
     */
    public static Path ensure(Path dir, SyntheticConfig cfg, fer.Progress progress) {
        Path stamp = dir.resolve(STAMP);
        String want = stampText(cfg);
        try {
            if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(want) && Files.isRegularFile(dir.resolve("fer2013.csv"))) {
                return dir;
            }
            progress.log("Generating " + DATASET_NAME + " (" + cfg.trainSize() + " train + " + cfg.testSize() + " test images) into " + dir);
            long t0 = System.nanoTime();
            Generated g = generate(cfg, d -> progress.live("rendered " + d + "/" + cfg.total()));
            write(g, dir);
            Files.writeString(stamp, want);
            progress.log(String.format("rendered and written %d images in %.1f s", cfg.total(), (System.nanoTime() - t0) / 1e9));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the synthetic dataset into " + dir + ": " + e.getMessage(), e);
        }
    }

    static String stampText(SyntheticConfig cfg) {
        return "generator=" + GENERATOR_VERSION + "\n" + cfg + "\n";
    }

    /**
     * Writes the set in both FER-2013 formats: {@code fer2013.csv} (Training / PublicTest / PrivateTest) and
     * {@code train/<class>/NNNNN.png}, {@code test/<class>/NNNNN.png}. Old contents are replaced.
     */
    public static void write(Generated g, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(STAMP)); // a half-written set must not look complete
        for (String s : List.of("train", "test")) deleteTree(dir.resolve(s));
        Path tmp = dir.resolve("fer2013.csv.tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write("emotion,pixels,Usage\n");
            StringBuilder b = new StringBuilder(10_000);
            for (int i = 0; i < g.pixels().length; i++) {
                b.setLength(0);
                b.append(g.labels()[i]).append(',');
                byte[] px = g.pixels()[i];
                for (int k = 0; k < px.length; k++) {
                    if (k > 0) b.append(' ');
                    b.append(px[k] & 255);
                }
                b.append(',').append(g.usage(i)).append('\n');
                w.write(b.toString());
            }
        }
        Files.move(tmp, dir.resolve("fer2013.csv"), StandardCopyOption.REPLACE_EXISTING);
        // only folders that get images: an empty class folder is an error for the folder reader
        for (int i = 0; i < g.pixels().length; i++) {
            Files.createDirectories(dir.resolve(g.split(i)).resolve(Emotion.FER2013.get(g.labels()[i]).id()));
        }
        IntStream.range(0, g.pixels().length).parallel().forEach(i -> {
            Path f = dir.resolve(g.split(i)).resolve(Emotion.FER2013.get(g.labels()[i]).id()).resolve(String.format("%05d.png", i));
            try {
                ImageIO.write(Gray.toImage(g.pixels()[i], SyntheticFaces.SIDE), "png", f.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + f, e);
            }
        });
        Files.writeString(dir.resolve("README.txt"), "SYNTHETIC FER: generated faces, not FER-2013.\n"
                + "Made by fer.data.SyntheticFer (generator version " + GENERATOR_VERSION + ") with " + g.config() + ".\n"
                + "Same layout as FER-2013: fer2013.csv (emotion,pixels,Usage) and train/<class>/, test/<class>/.\n");
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }

    /**
     * {@code perClass} example faces of each class (label order), rendered from indices outside any
     * dataset's range so they show the generator, not a particular split.
     */
    public static java.util.Map<Emotion, List<byte[]>> samples(SyntheticConfig cfg, int perClass) {
        java.util.Map<Emotion, List<byte[]>> out = new java.util.LinkedHashMap<>();
        for (Emotion e : Emotion.FER2013) {
            List<byte[]> row = new ArrayList<>();
            for (int k = 0; k < perClass; k++) row.add(renderOne(cfg, 1_000_000 + e.label() * 1000 + k, e));
            out.put(e, row);
        }
        return out;
    }

    /** Rendering speed: wall-clock images/s on all cores, and CPU time per image (robust to other load). */
    public record Bench(int images, double imagesPerSecond, double cpuMicrosPerImage) {}

    /** Measures rendering speed over {@code n} images, in parallel on all cores, after a warm-up. */
    public static Bench benchmark(SyntheticConfig cfg, int n) {
        // warm up the JIT and Java2D's pipeline first
        IntStream.range(0, Math.min(1000, n)).parallel().forEach(i -> renderOne(cfg, i, Emotion.FER2013.get(i % 7)));
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
        long sum = IntStream.range(0, n).parallel().mapToLong(i -> renderOne(cfg, i, Emotion.FER2013.get(i % 7))[i % 2304]).sum();
        double s = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - c0) / 1e3;
        if (sum == Long.MIN_VALUE) System.out.print(""); // keeps the JIT from dropping the rendering
        return new Bench(n, n / s, cpu / n);
    }
}
