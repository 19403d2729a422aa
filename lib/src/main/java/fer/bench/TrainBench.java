package fer.bench;

import fer.model.Architecture;
import fer.engine.FrozenInference;
import fer.model.ModelSpec;
import fer.model.Models;
import fer.model.Optimizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training and inference speed of the custom VGG16 model and the small CNN in DL4J, measured the same
 * way as the PyTorch peer script ({@code shared/peer/torch_cnn_bench.py}: median of timed steps after
 * 2 warm-up steps, random 48x48 inputs, Adam) and, when PyTorch is importable, run in the same
 * invocation for a ratio (DL4J / PyTorch: above 1 means DL4J is faster).
 *
 * <p>The two sides run interleaved, A/B/A/B over several rounds, and each value is the median over
 * rounds, so that a drift in machine speed hits both sides alike. Every side's interval is watched by
 * {@link LoadWatch}: a row measured while other processes used the CPU is flagged, because contention
 * slows the two frameworks unequally.
 */
public final class TrainBench {
    /**
     * One measurement: a network, what was timed, and the median value over rounds (img/s, or ms for
     * latency) of each side; {@code contended} when any interval it came from was not quiet.
     */
    public record Row(String net, String measure, double dl4j, double peer, int rounds, boolean contended,
                      double dl4jBest, double peerBest) {
        public Row(String net, String measure, double dl4j, double peer, int rounds, boolean contended) {
            this(net, measure, dl4j, peer, rounds, contended, Double.NaN, Double.NaN);
        }

        boolean latency() {
            return measure.contains("ms");
        }

        /** DL4J speed relative to PyTorch: >1 means faster (for latencies, peer ms / DL4J ms). */
        public double ratio() {
            return ratio(dl4j, peer);
        }

        /** The same ratio for the best value each side reached over all rounds (latency rows). */
        public double bestRatio() {
            return ratio(dl4jBest, peerBest);
        }

        private double ratio(double mine, double theirs) {
            if (Double.isNaN(theirs) || Double.isNaN(mine)) return Double.NaN;
            return latency() ? theirs / mine : mine / theirs;
        }
    }

    /** Marks the DL4J layer-API inference rows when the frozen graph gives the main ones. */
    static final String LAYER_API = " (layer API)";

    /** The peer script's network names. */
    public static final Map<String, String> PEER_NAME = Map.of("vgg", "vgg", "small", "small1");

    private final int iters;
    private final int rounds;
    private final List<String> nets;
    private final Path peerScript;
    private final String python;
    private final LoadWatch watch = new LoadWatch();
    private final List<LoadWatch.Interval> intervals = new ArrayList<>();

    public TrainBench(List<String> nets, int iters, int rounds, Path peerScript, String python) {
        if (rounds < 1) throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
        this.nets = nets;
        this.iters = iters;
        this.rounds = rounds;
        this.peerScript = peerScript;
        this.python = python;
    }

    /** Every watched interval so far, in order (for the summary under the table). */
    public List<LoadWatch.Interval> intervals() {
        return List.copyOf(intervals);
    }

    /** The environment facts that decide speed, printed above the table. */
    public static List<String> environment() {
        List<String> lines = new ArrayList<>();
        lines.add("backend: " + Nd4j.getBackend().getClass().getSimpleName() + ", threads: "
                + Nd4j.getEnvironment().maxMasterThreads() + ", cores: " + Runtime.getRuntime().availableProcessors());
        String cp = System.getProperty("java.class.path", "");
        Matcher m = Pattern.compile("nd4j-native-[0-9][^/;:]*?-(linux-x86_64[^/;:]*)\\.jar").matcher(cp);
        lines.add("nd4j-native classifier: " + (m.find() ? m.group(1) : "unknown (not on java.class.path)"));
        String tun = System.getenv("GLIBC_TUNABLES");
        lines.add("GLIBC_TUNABLES: " + (tun == null ? "unset (slow path: set glibc.malloc.hugetlb=1 before the JVM starts)" : tun));
        String blas = System.getenv("OPENBLAS_CORETYPE");
        lines.add("OPENBLAS_CORETYPE: " + (blas == null ? "unset (OpenBLAS picks its kernels; 0.3.19 takes AVX2 ones on Zen 4/5)" : blas));
        lines.add("OMP_WAIT_POLICY: " + (System.getenv("OMP_WAIT_POLICY") == null ? "unset" : System.getenv("OMP_WAIT_POLICY"))
                + " (DL4J side; the PyTorch peer runs with it unset, its default: PASSIVE slowed its batch-1 latency 1.4 -> 1.8 ms)");
        String preload = System.getenv("LD_PRELOAD");
        lines.add("allocator (LD_PRELOAD): " + (preload == null || preload.isBlank()
                ? "glibc malloc (no preload: libnd4j's per-call buffers are unmapped and faulted in again; install libtcmalloc-minimal4)"
                : preload));
        lines.add("the PyTorch peer runs as a child of this JVM and inherits LD_PRELOAD, GLIBC_TUNABLES and OPENBLAS_CORETYPE (same allocator and BLAS kernels on both sides)");
        lines.add("DL4J helpers (oneDNN): " + (helpersActive() ? "active" : "INACTIVE (-Dorg.eclipse.deeplearning4j.helpers.disable=false and the onednn classifier needed)"));
        return lines;
    }

    /** True when a freshly built conv layer gets DL4J's oneDNN helper. */
    public static boolean helpersActive() {
        ComputationGraph g = Models.build(ModelSpec.paper(Architecture.SMALL).withInputSide(16).withDense(8, 8), Optimizer.adam(1e-3));
        return ((ConvolutionLayer) g.getLayer("conv1")).getHelper() != null;
    }

    /**
     * Runs {@code rounds} rounds of DL4J then the peer for each network, and returns per measure the
     * median over rounds of each side.
     */
    public List<Row> run(java.io.PrintStream log) {
        boolean peerOk = peerAvailable(log);
        Map<String, List<Double>> mine = new LinkedHashMap<>();
        Map<String, List<Double>> peer = new LinkedHashMap<>();
        Map<String, Double> peerBest = new LinkedHashMap<>(); // lowest latency the peer printed, all its lines
        Map<String, Boolean> contended = new LinkedHashMap<>();
        Map<String, ComputationGraph> graphs = new LinkedHashMap<>();
        for (int r = 1; r <= rounds; r++) {
            for (String net : nets) {
                ComputationGraph g = graphs.computeIfAbsent(net, TrainBench::network);
                log.printf("round %d/%d, DL4J %s (%,d parameters)%n", r, rounds, net, g.numParams());
                LoadWatch.Open w = watch.start("round " + r + " DL4J " + net);
                Map<String, Double> m = measureDl4j(net, g, log);
                note(w.close(), m.keySet(), contended, log);
                m.forEach((k, v) -> mine.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                if (!peerOk) continue;
                w = watch.start("round " + r + " PyTorch " + net);
                Map<String, List<Double>> p = measurePeer(net, log);
                note(w.close(), p.keySet(), contended, log);
                // the round's value is the key's last line (the peer prints batch-1 latency twice); the best is over all
                p.forEach((k, v) -> peer.computeIfAbsent(k, x -> new ArrayList<>()).add(v.get(v.size() - 1)));
                p.forEach((k, v) -> v.forEach(x -> peerBest.merge(k, x, Math::min)));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (var e : mine.entrySet()) {
            String[] k = e.getKey().split("\\|");
            String peerKey = e.getKey().replace(LAYER_API, ""); // both DL4J inference paths against the same PyTorch number
            List<Double> p = peer.get(peerKey);
            boolean latency = k[1].contains("ms");
            rows.add(new Row(k[0], k[1], median(e.getValue()), p == null ? Double.NaN : median(p), e.getValue().size(),
                    contended.getOrDefault(e.getKey(), false) || contended.getOrDefault(peerKey, false),
                    latency ? e.getValue().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN) : Double.NaN,
                    latency ? peerBest.getOrDefault(peerKey, Double.NaN) : Double.NaN));
        }
        return rows;
    }

    private void note(LoadWatch.Interval iv, java.util.Collection<String> keys, Map<String, Boolean> contended,
                      java.io.PrintStream log) {
        intervals.add(iv);
        log.println("  " + iv.describe());
        for (String k : keys) contended.merge(k, iv.contended(), Boolean::logicalOr);
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The network the peer script builds under the same name: the custom VGG16 model or the small CNN. */
    public static ComputationGraph network(String net) {
        Architecture arch = net.equals("vgg") ? Architecture.CUSTOM : Architecture.SMALL;
        return Models.build(ModelSpec.paper(arch), Optimizer.adam(1e-4));
    }

    /** Input channels of the peer's network: RGB for VGG16, gray for the small CNN. */
    static int channels(String net) {
        return net.equals("vgg") ? 3 : 1;
    }

    /** The peer's input: {@code bs} random 48x48 images of {@code net}'s channels, labels cycling over the 7 classes. */
    static DataSet randomBatch(String net, int bs) {
        INDArray x = Nd4j.randn(DataType.FLOAT, bs, channels(net), 48, 48);
        INDArray y = Nd4j.zeros(DataType.FLOAT, bs, 7);
        for (int i = 0; i < bs; i++) y.putScalar(i, i % 7, 1f);
        return new DataSet(x, y);
    }

    Map<String, Double> measureDl4j(String net, ComputationGraph g, java.io.PrintStream log) {
        Map<String, Double> out = new LinkedHashMap<>();
        Nd4j.getRandom().setSeed(0);
        for (int bs : new int[] {32, 64}) {
            DataSet ds = randomBatch(net, bs);
            double t = median(iters, () -> g.fit(ds));
            out.put(net + "|train bs" + bs + " img/s", bs / t);
            log.printf("  train bs=%d: %.1f img/s%n", bs, bs / t);
        }
        // Inference as the project runs it (fer live, fer evaluate): FrozenInference when it covers the network;
        // DL4J's layer API (outputSingle) is timed too and printed as its own rows, without a peer.
        FrozenInference frozen = FrozenInference.of(g).model().orElse(null);
        INDArray x = randomBatch(net, 64).getFeatures();
        INDArray x1 = randomBatch(net, 1).getFeatures();
        if (frozen != null) {
            double t = median(iters, () -> frozen.output(x).close());
            out.put(net + "|infer bs64 img/s", 64 / t);
            double t1 = median(Math.max(iters, 20), () -> frozen.output(x1).close());
            out.put(net + "|infer bs1 ms/img", t1 * 1000);
            log.printf("  infer (frozen graph) bs=64: %.1f img/s, bs=1: %.2f ms/img%n", 64 / t, t1 * 1000);
        }
        String suffix = frozen != null ? LAYER_API : "";
        double t = median(iters, () -> g.outputSingle(false, x).close());
        out.put(net + "|infer bs64 img/s" + suffix, 64 / t);
        double t1 = median(Math.max(iters, 20), () -> g.outputSingle(false, x1).close());
        out.put(net + "|infer bs1 ms/img" + suffix, t1 * 1000);
        log.printf("  infer (layer API) bs=64: %.1f img/s, bs=1: %.2f ms/img%n", 64 / t, t1 * 1000);
        return out;
    }

    /** Median seconds of {@code n} timed runs after 2 warm-up runs (the peer script's method). */
    static double median(int n, Runnable step) {
        double[] ts = new double[n];
        for (int i = 0; i < n + 2; i++) {
            long t0 = System.nanoTime();
            step.run();
            if (i >= 2) ts[i - 2] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(ts);
        return ts[n / 2];
    }

    /** True when the peer script and PyTorch are there; otherwise says why on the log. */
    boolean peerAvailable(java.io.PrintStream log) {
        if (peerScript == null || !Files.isRegularFile(peerScript)) {
            log.println("PyTorch peer: script not found (" + peerScript + "); pass --peer PATH to compare. No ratios.");
            return false;
        }
        if (!canRun(python, "-c", "import torch")) {
            log.println("PyTorch peer: '" + python + " -c \"import torch\"' failed: PyTorch not installed here"
                    + " (Debian: apt-get install python3-torch python3-torchvision). No ratios.");
            return false;
        }
        return true;
    }

    /** Runs the peer script for one network: every value it printed per measure; empty when it fails (said on the log). */
    Map<String, List<Double>> measurePeer(String net, java.io.PrintStream log) {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        String arg = PEER_NAME.get(net);
        log.println("PyTorch " + net + ": " + python + " " + peerScript + " " + arg);
        Pattern line = Pattern.compile("(TRAIN|INFER) (\\w+) bs=(\\d+): ([0-9.]+) (img/s|ms/img)");
        try {
            ProcessBuilder pb = new ProcessBuilder(python, peerScript.toString(), arg).redirectErrorStream(true);
            pb.environment().remove("OMP_WAIT_POLICY"); // each side with its best OpenMP setting (see environment())
            Process p = pb.start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String s; (s = r.readLine()) != null; ) {
                    log.println("  " + s);
                    Matcher m = line.matcher(s);
                    if (!m.find()) continue;
                    String kind = m.group(1).equals("TRAIN") ? "train" : "infer";
                    out.computeIfAbsent(net + "|" + kind + " bs" + m.group(3) + " " + m.group(5), x -> new ArrayList<>())
                            .add(Double.parseDouble(m.group(4)));
                }
            }
            if (!p.waitFor(15, TimeUnit.MINUTES)) p.destroyForcibly();
        } catch (IOException e) {
            log.println("PyTorch peer failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    static boolean canRun(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The table: one row per measurement with DL4J, PyTorch and the ratio. */
    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-6s %-32s %10s %10s %7s%n", "net", "measure", "DL4J", "PyTorch", "ratio"));
        boolean anyContended = false;
        for (Row r : rows) {
            anyContended |= r.contended();
            sb.append(String.format(Locale.ROOT, "%-6s %-32s %10.1f %10s %7s  %s%s%n", r.net(), r.measure(), r.dl4j(),
                    Double.isNaN(r.peer()) ? "-" : String.format(Locale.ROOT, "%.1f", r.peer()),
                    Double.isNaN(r.ratio()) ? "-" : String.format(Locale.ROOT, "%.2f", r.ratio()),
                    Double.isNaN(r.ratio()) ? "" : r.ratio() >= 1.0 ? "ok (>= 1.0)" : "below 1.0",
                    r.contended() ? "  * contended" : ""));
        }
        int n = rows.isEmpty() ? 0 : rows.get(0).rounds();
        sb.append("values: median over ").append(n).append(" interleaved round(s) (DL4J, PyTorch, DL4J, PyTorch, ...).\n");
        sb.append("ratio = DL4J speed / PyTorch speed (latency: PyTorch ms / DL4J ms); >= 1.0 means DL4J is at least as fast.\n");
        for (Row r : rows) {
            if (!r.latency() || Double.isNaN(r.bestRatio())) continue;
            sb.append(String.format(Locale.ROOT, "%-6s %-32s %10.1f %10.1f %7.2f  lowest over all rounds%n",
                    r.net(), r.measure(), r.dl4jBest(), r.peerBest(), r.bestRatio()));
        }
        if (rows.stream().anyMatch(r -> r.latency() && !Double.isNaN(r.bestRatio()))) {
            sb.append("lowest: batch-1 latency varies between runs in modes (PyTorch's small CNN 1.3 or 12 ms on the 2-core VM),\n")
                    .append("so a median of few rounds can land in either; the lowest compares the fast modes.\n");
        }
        if (anyContended) {
            sb.append("* contended: other processes used more than ").append(Math.round(100 * LoadWatch.CONTENDED))
                    .append("% of a core during some interval of that row (see the log above): rerun on a quiet machine.\n");
        }
        return sb.toString();
    }
}
