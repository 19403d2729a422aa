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
 * Training and inference speed of the custom VGG16 model and the small CNN in DL4J against every peer framework
 * installed ({@link Peer}: TensorFlow/Keras, PyTorch, each through the project's script in
 * {@code environment/bench/}), measured the same way on every side (median of timed steps after 2 warm-up steps,
 * random 48x48 inputs, Adam 1e-4), with each row's ratio against the <em>fastest</em> peer on that row.
 *
 * <p>The sides run interleaved over several rounds (per network: DL4J and each peer, the order rotated every
 * round), and each value is the median over rounds, so that a drift in machine speed hits every side alike.
 * Every side's interval is watched by {@link LoadWatch}: a row measured while other processes used the CPU is
 * flagged, because contention slows the frameworks unequally.
 */
public final class TrainBench {
    /** The DL4J column's name. */
    public static final String DL4J = "DL4J";

    /**
     * One measurement: a network, what was timed, and the median over rounds (img/s, or ms for latency) of DL4J and
     * of each peer (by name, in column order; a peer without a value is absent), the inference setting each peer's
     * value came from (when it printed one), and {@code contended} when any interval it came from was not quiet.
     * For latency rows the lowest value each side reached over all rounds is kept too.
     */
    public record Row(String net, String measure, double dl4j, Map<String, Double> peers, Map<String, String> settings,
                      int rounds, boolean contended, double dl4jBest, Map<String, Double> peersBest) {
        public Row {
            peers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(peers));
            settings = Map.copyOf(settings);
            peersBest = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(peersBest));
        }

        boolean latency() {
            return measure.contains("ms");
        }

        /** The peer with the best value on this row (highest img/s, lowest ms), if any peer has one. */
        public java.util.Optional<String> fastest() {
            return fastestOf(peers);
        }

        /** DL4J against the fastest peer: >1 means DL4J is faster (for latencies, peer ms / DL4J ms); NaN without peers. */
        public double ratio() {
            return fastest().map(p -> ratio(dl4j, peers.get(p))).orElse(Double.NaN);
        }

        /** The same ratio for the lowest latency each side reached over all rounds (latency rows), against the fastest there. */
        public double bestRatio() {
            return fastestOf(peersBest).map(p -> ratio(dl4jBest, peersBest.get(p))).orElse(Double.NaN);
        }

        /** The peer that was fastest over all rounds' lowest latencies. */
        public java.util.Optional<String> fastestBest() {
            return fastestOf(peersBest);
        }

        private java.util.Optional<String> fastestOf(Map<String, Double> values) {
            java.util.Comparator<Map.Entry<String, Double>> c = Map.Entry.comparingByValue();
            return values.entrySet().stream().filter(e -> !Double.isNaN(e.getValue()))
                    .max(latency() ? c.reversed() : c).map(Map.Entry::getKey);
        }

        private double ratio(double mine, double theirs) {
            if (Double.isNaN(theirs) || Double.isNaN(mine)) return Double.NaN;
            return latency() ? theirs / mine : mine / theirs;
        }
    }

    /** Marks the DL4J layer-API inference rows when the frozen graph gives the main ones. */
    static final String LAYER_API = " (layer API)";
    /** Marks the frozen graph's rows with its convolutions as cached oneDNN primitives (when the main rows are not). */
    static final String ONEDNN = " (oneDNN prim.)";
    /** Marks the frozen graph's rows with libnd4j's conv2d (when the main rows use oneDNN primitives). */
    static final String LIBND4J = " (libnd4j conv)";

    /** The peer scripts' network names. */
    public static final Map<String, String> PEER_NAME = Map.of("vgg", "vgg", "small", "small1");

    private static final Pattern PEER_LINE = Pattern.compile("^PEER ([^|]+)\\|(.*)$");
    private static final Pattern VALUE_LINE = Pattern.compile("^(TRAIN|INFER) (\\w+) bs=(\\d+): ([0-9.]+) (img/s|ms/img)(?: \\[([^\\]]+)\\])?");

    /** TensorFlow's start-up chatter (absl's pre-init notice, "oneDNN custom operations are on"), kept off the log. */
    private static final Pattern NOISE = Pattern.compile("^(WARNING: All log messages before absl|[IW]\\d{4} )");

    private final int iters;
    private final int rounds;
    private final List<String> nets;
    private final List<Peer> peers;
    private final boolean layerApi;
    private boolean oneDnnRows = true;
    private final LoadWatch watch = new LoadWatch();
    private final List<LoadWatch.Interval> intervals = new ArrayList<>();
    private final Map<String, String> peerLabels = new LinkedHashMap<>();

    /**
     * @param layerApi also time DL4J's layer-API inference (rows marked {@code (layer API)}) beside the frozen graph
     */
    public TrainBench(List<String> nets, int iters, int rounds, List<Peer> peers, boolean layerApi) {
        if (rounds < 1) throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
        this.nets = nets;
        this.iters = iters;
        this.rounds = rounds;
        this.peers = List.copyOf(peers);
        this.layerApi = layerApi;
    }

    /** Also time the frozen graph with the other convolution path (oneDNN primitives / libnd4j conv2d) as its own rows. */
    public TrainBench oneDnnRows(boolean on) {
        oneDnnRows = on;
        return this;
    }

    /** Every watched interval so far, in order (for the summary under the table). */
    public List<LoadWatch.Interval> intervals() {
        return List.copyOf(intervals);
    }

    /** Each peer that ran, by column name: what its script said it is and which settings it used ({@code PEER} line). */
    public Map<String, String> peerLabels() {
        return java.util.Collections.unmodifiableMap(peerLabels);
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
                + " (DL4J side; the peers run with it unset, PyTorch's default: PASSIVE slowed its batch-1 latency 1.4 -> 1.8 ms)");
        String preload = System.getenv("LD_PRELOAD");
        lines.add("allocator (LD_PRELOAD): " + (preload == null || preload.isBlank()
                ? "glibc malloc (no preload: libnd4j's per-call buffers are unmapped and faulted in again; install libtcmalloc-minimal4)"
                : preload));
        lines.add("the peers run as children of this JVM with DL4J's thread count and inherit LD_PRELOAD, GLIBC_TUNABLES and OPENBLAS_CORETYPE (same allocator and BLAS kernels on every side)");
        lines.add("DL4J helpers (oneDNN): " + (helpersActive() ? "active" : "INACTIVE (-Dorg.eclipse.deeplearning4j.helpers.disable=false and the onednn classifier needed)"));
        return lines;
    }

    /** True when a freshly built conv layer gets DL4J's oneDNN helper. */
    public static boolean helpersActive() {
        ComputationGraph g = Models.build(ModelSpec.paper(Architecture.SMALL).withInputSide(16).withDense(8, 8), Optimizer.adam(1e-3));
        return ((ConvolutionLayer) g.getLayer("conv1")).getHelper() != null;
    }

    /**
     * Runs {@code rounds} rounds of every side for each network (DL4J and each available peer, the order rotated each
     * round) and returns per measure the median over rounds of each side.
     */
    public List<Row> run(java.io.PrintStream log) {
        List<Peer> live = peers.stream().filter(p -> available(p, log)).toList();
        int threads = Nd4j.getEnvironment().maxMasterThreads();
        Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>(); // side -> key -> per-round values
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();   // peer -> key -> setting of the last round
        Map<String, Boolean> contended = new LinkedHashMap<>();
        Map<String, ComputationGraph> graphs = new LinkedHashMap<>();
        List<String> sides = new ArrayList<>();
        sides.add(DL4J);
        live.forEach(p -> sides.add(p.name()));
        for (int r = 1; r <= rounds; r++) {
            for (String net : nets) {
                for (int i = 0; i < sides.size(); i++) {
                    String side = sides.get((i + r - 1) % sides.size());
                    LoadWatch.Open w = watch.start("round " + r + " " + side + " " + net);
                    Map<String, Double> m;
                    if (side.equals(DL4J)) {
                        ComputationGraph g = graphs.computeIfAbsent(net, TrainBench::network);
                        log.printf("round %d/%d, DL4J %s (%,d parameters)%n", r, rounds, net, g.numParams());
                        m = measureDl4j(net, g, log);
                    } else {
                        Peer p = live.stream().filter(x -> x.name().equals(side)).findFirst().orElseThrow();
                        log.printf("round %d/%d, %s %s%n", r, rounds, side, net);
                        m = measurePeer(p, net, threads, settings.computeIfAbsent(side, x -> new LinkedHashMap<>()), log);
                    }
                    LoadWatch.Interval iv = w.close();
                    intervals.add(iv);
                    log.println("  " + iv.describe());
                    Map<String, List<Double>> mine = values.computeIfAbsent(side, x -> new LinkedHashMap<>());
                    m.forEach((k, v) -> {
                        mine.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
                        contended.merge(k, iv.contended(), Boolean::logicalOr);
                    });
                }
            }
        }
        return rows(values, settings, contended, live);
    }

    /** The table's rows from every side's per-round values: DL4J's keys in order, each against the peers' same key. */
    static List<Row> rows(Map<String, Map<String, List<Double>>> values, Map<String, Map<String, String>> settings,
                          Map<String, Boolean> contended, List<Peer> peers) {
        List<Row> rows = new ArrayList<>();
        for (var e : values.getOrDefault(DL4J, Map.of()).entrySet()) {
            String[] k = e.getKey().split("\\|");
            String peerKey = e.getKey().replace(LAYER_API, "").replace(ONEDNN, "").replace(LIBND4J, ""); // every DL4J inference path against the same peer numbers
            boolean latency = k[1].contains("ms");
            Map<String, Double> med = new LinkedHashMap<>();
            Map<String, Double> best = new LinkedHashMap<>();
            Map<String, String> set = new LinkedHashMap<>();
            boolean busy = contended.getOrDefault(e.getKey(), false) || contended.getOrDefault(peerKey, false);
            for (Peer p : peers) {
                List<Double> v = values.getOrDefault(p.name(), Map.of()).get(peerKey);
                if (v == null || v.isEmpty()) continue;
                med.put(p.name(), median(v));
                if (latency) best.put(p.name(), v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
                String s = settings.getOrDefault(p.name(), Map.of()).get(peerKey);
                if (s != null) set.put(p.name(), s);
            }
            rows.add(new Row(k[0], k[1], median(e.getValue()), med, set, e.getValue().size(), busy,
                    latency ? e.getValue().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN) : Double.NaN, best));
        }
        return rows;
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
            // the other convolution path (libnd4j conv2d, or oneDNN primitives under -Dfer.inference.dnnl=false) as its own rows, an A/B in one run
            FrozenInference other = frozen.withOneDnnPrimitives(!frozen.oneDnnPrimitives());
            if (oneDnnRows && other.oneDnnPrimitives() != frozen.oneDnnPrimitives()) {
                String suffix = other.oneDnnPrimitives() ? ONEDNN : LIBND4J;
                double u = median(iters, () -> other.output(x).close());
                out.put(net + "|infer bs64 img/s" + suffix, 64 / u);
                double u1 = median(Math.max(iters, 20), () -> other.output(x1).close());
                out.put(net + "|infer bs1 ms/img" + suffix, u1 * 1000);
                log.printf("  infer (frozen graph%s) bs=64: %.1f img/s, bs=1: %.2f ms/img%n", suffix, 64 / u, u1 * 1000);
            }
        }
        if (frozen != null && !layerApi) return out;
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

    /** True when the peer's script is there and its module imports; otherwise says why on the log. */
    static boolean available(Peer p, java.io.PrintStream log) {
        if (!Files.isRegularFile(p.script())) {
            log.println(p.name() + " peer: script not found (" + p.script() + "): left out.");
            return false;
        }
        if (!canRun(p.python(), "-c", "import " + p.module())) {
            log.println(p.name() + " peer: '" + p.python() + " -c \"import " + p.module() + "\"' failed: not installed there ("
                    + p.install() + "): left out.");
            return false;
        }
        return true;
    }

    /**
     * Runs the peer's script for one network: its value per measure (the last line printed for a key), the setting
     * it named for each, and its {@code PEER} line into {@link #peerLabels()}; empty when it fails (said on the log).
     */
    Map<String, Double> measurePeer(Peer peer, String net, int threads, Map<String, String> settings, java.io.PrintStream log) {
        Map<String, Double> out = new LinkedHashMap<>();
        List<String> cmd = peer.command(PEER_NAME.get(net), iters, threads);
        log.println("  " + String.join(" ", cmd));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().remove("OMP_WAIT_POLICY"); // each side with its best OpenMP setting (see environment())
            pb.environment().putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2");
            Process p = pb.start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String s; (s = r.readLine()) != null; ) {
                    if (!NOISE.matcher(s).find()) log.println("  " + s);
                    Matcher label = PEER_LINE.matcher(s);
                    if (label.find()) {
                        peerLabels.put(peer.name(), label.group(1).strip() + ": " + label.group(2).strip());
                        continue;
                    }
                    Map.Entry<String, Double> v = parseValue(net, s);
                    if (v == null) continue;
                    out.put(v.getKey(), v.getValue());
                    Matcher m = VALUE_LINE.matcher(s);
                    if (m.find() && m.group(6) != null) settings.put(v.getKey(), m.group(6));
                }
            }
            if (!p.waitFor(15, TimeUnit.MINUTES)) p.destroyForcibly();
            else if (p.exitValue() != 0) log.println("  " + peer.name() + " " + net + ": exit status " + p.exitValue() + " (output above)");
        } catch (IOException e) {
            log.println(peer.name() + " peer failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /** One {@code TRAIN}/{@code INFER} line of a peer script as the bench's key ({@code net|train bs32 img/s}) and value; null otherwise. */
    static Map.Entry<String, Double> parseValue(String net, String line) {
        Matcher m = VALUE_LINE.matcher(line);
        if (!m.find()) return null;
        String kind = m.group(1).equals("TRAIN") ? "train" : "infer";
        return Map.entry(net + "|" + kind + " bs" + m.group(3) + " " + m.group(5), Double.parseDouble(m.group(4)));
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

    /** The table: the peers' legend, then one row per measurement with DL4J, every peer, the ratio against the fastest. */
    public static String table(List<Row> rows, Map<String, String> peerLabels) {
        StringBuilder sb = new StringBuilder();
        List<String> names = new ArrayList<>(peerLabels.keySet());
        for (Row r : rows) r.peers().keySet().forEach(n -> { if (!names.contains(n)) names.add(n); });
        if (names.isEmpty()) sb.append("peers: none ran (see the log above): no ratios.\n");
        for (String n : names) sb.append(String.format(Locale.ROOT, "peer %-10s %s%n", n, peerLabels.getOrDefault(n, "(no PEER line)")));
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-6s %-30s %9s", "net", "measure", DL4J));
        for (String n : names) head.append(String.format(Locale.ROOT, " %10s", n));
        head.append(String.format(Locale.ROOT, " %6s  %-18s %s%n", "ratio", "fastest peer", "verdict"));
        sb.append(head);
        boolean anyContended = false;
        for (Row r : rows) {
            anyContended |= r.contended();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-6s %-30s %9s", r.net(), r.measure(), num(r.dl4j())));
            for (String n : names) line.append(String.format(Locale.ROOT, " %10s", num(r.peers().getOrDefault(n, Double.NaN))));
            String fastest = r.fastest().map(p -> p + (r.settings().containsKey(p) ? "[" + r.settings().get(p) + "]" : "")).orElse("-");
            line.append(String.format(Locale.ROOT, " %6s  %-18s %s%s", Double.isNaN(r.ratio()) ? "-" : String.format(Locale.ROOT, "%.2f", r.ratio()),
                    fastest, Double.isNaN(r.ratio()) ? "-" : r.ratio() >= 1.0 ? "ok (>= 1.0)" : "below 1.0",
                    r.contended() ? "  * contended" : ""));
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        int n = rows.isEmpty() ? 0 : rows.get(0).rounds();
        sb.append("values: median over ").append(n).append(" interleaved round(s) (per network DL4J and each peer, the order rotated each round).\n");
        sb.append("ratio = DL4J speed / the fastest peer's speed (latency: its ms / DL4J ms); >= 1.0 means DL4J is at least as fast as every peer.\n");
        sb.append("[setting]: the peer's inference setting that was fastest on that row (its script times each and reports the best).\n");
        for (Row r : rows) {
            if (!r.latency() || Double.isNaN(r.bestRatio())) continue;
            sb.append(String.format(Locale.ROOT, "%-6s %-30s %9s %10s %6.2f  %-18s lowest over all rounds%n",
                    r.net(), r.measure(), num(r.dl4jBest()), num(r.peersBest().get(r.fastestBest().orElseThrow())), r.bestRatio(),
                    r.fastestBest().orElseThrow()));
        }
        if (rows.stream().anyMatch(r -> r.latency() && !Double.isNaN(r.bestRatio()))) {
            sb.append("lowest: batch-1 latency varies between runs in modes (PyTorch's small CNN 1.3 or 12 ms on the 2-core VM),\n")
                    .append("so a median of few rounds can land in either; the lowest compares each side's fastest round.\n");
        }
        if (anyContended) {
            sb.append("* contended: other processes used more than ").append(Math.round(100 * LoadWatch.CONTENDED))
                    .append("% of a core during some interval of that row (see the log above): rerun on a quiet machine.\n");
        }
        return sb.toString();
    }

    private static String num(double v) {
        if (Double.isNaN(v)) return "-";
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }
}
