package fer.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;
import org.nd4j.linalg.profiler.data.StringAggregator;

/**
 * Where one training step or one inference of a network spends its time, per layer (forward and
 * backward) and per ND4J op: the breakdown behind {@code docs/train.md}'s speed section.
 *
 * <p>Per layer: every layer vertex but the output layer gets a timing wrapper for the duration of the
 * profile (the output layer stays bare because DL4J casts it to {@link IOutputLayer}); whatever the
 * wrappers do not see — output layer, loss, updater, the graph's workspace bookkeeping — is the
 * "rest" row, step time minus the layers. Per op: ND4J's own {@link OpProfiler} with elapsed-time
 * checks, in a second pass, because its synchronisation and bookkeeping slow every op a little.
 */
public final class StepProfile {
    /** One layer's mean time per step. */
    public record LayerTime(String name, String type, double forwardMs, double backwardMs) {}

    /** One ND4J op's total time per step and calls per step. */
    public record OpTime(String op, double ms, double calls) {}

    /** The breakdown of one measured phase. */
    public record Breakdown(String net, String phase, double stepMs, List<LayerTime> layers, List<OpTime> ops) {
        public double layersMs() {
            return layers.stream().mapToDouble(l -> l.forwardMs() + l.backwardMs()).sum();
        }

        public double opsMs() {
            return ops.stream().mapToDouble(OpTime::ms).sum();
        }
    }

    private StepProfile() {}

    /** Times a layer's forward and backward calls; delegates everything else. */
    static final class TimedLayer extends BaseWrapperLayer {
        final String name;
        long forwardNs;
        long backwardNs;

        TimedLayer(String name, Layer underlying) {
            super(underlying);
            this.name = name;
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
            long t0 = System.nanoTime();
            INDArray out = underlying.activate(training, mgr);
            forwardNs += System.nanoTime() - t0;
            return out;
        }

        @Override
        public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr mgr) {
            long t0 = System.nanoTime();
            INDArray out = underlying.activate(input, training, mgr);
            forwardNs += System.nanoTime() - t0;
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
            long t0 = System.nanoTime();
            Pair<Gradient, INDArray> out = underlying.backpropGradient(epsilon, mgr);
            backwardNs += System.nanoTime() - t0;
            return out;
        }

        Layer underlying() {
            return underlying;
        }
    }

    /**
     * Profiles {@code steps} repetitions of {@code step} on {@code g} after {@code warmup} untimed ones:
     * first per layer, then per op.
     */
    public static Breakdown profile(String net, String phase, ComputationGraph g, Runnable step, int warmup, int steps) {
        for (int i = 0; i < warmup; i++) step.run();
        List<TimedLayer> timed = instrument(g);
        double stepMs;
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) step.run();
            stepMs = (System.nanoTime() - t0) / 1e6 / steps;
        } finally {
            uninstrument(g, timed);
        }
        List<LayerTime> layers = new ArrayList<>();
        for (TimedLayer t : timed) {
            layers.add(new LayerTime(t.name, t.underlying().getClass().getSimpleName().replace("Impl", "ReusingConvolution"),
                    t.forwardNs / 1e6 / steps, t.backwardNs / 1e6 / steps));
        }
        return new Breakdown(net, phase, stepMs, layers, opTimes(step, steps));
    }

    /** Wraps every non-output layer vertex's layer in a {@link TimedLayer}, in topological order. */
    static List<TimedLayer> instrument(ComputationGraph g) {
        List<TimedLayer> out = new ArrayList<>();
        for (int i : g.topologicalSortOrder()) {
            GraphVertex v = g.getVertices()[i];
            if (!(v instanceof LayerVertex lv) || !v.hasLayer() || v.getLayer() instanceof IOutputLayer) continue;
            TimedLayer t = new TimedLayer(v.getVertexName(), v.getLayer());
            lv.setLayer(t);
            out.add(t);
        }
        return out;
    }

    static void uninstrument(ComputationGraph g, List<TimedLayer> timed) {
        for (TimedLayer t : timed) ((LayerVertex) g.getVertex(t.name)).setLayer(t.underlying());
    }

    /**
     * Per-op time from ND4J's profiler over {@code steps} steps, largest first. ND4J's own aggregator keys
     * by op family ("CustomOp", "TransformOp"); {@link ByOpName}, put in its place, keys by op name.
     */
    static List<OpTime> opTimes(Runnable step, int steps) {
        OpExecutioner ex = Nd4j.getExecutioner();
        OpExecutioner.ProfilingMode before = ex.getProfilingMode();
        OpProfiler profiler = OpProfiler.getInstance();
        StringAggregator original = profiler.getClassAggergator();
        ByOpName byName = new ByOpName();
        profiler.reset();
        profiler.setClassAggergator(byName);
        ex.setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
        try {
            for (int i = 0; i < steps; i++) step.run();
        } finally {
            ex.setProfilingMode(before);
            profiler.setClassAggergator(original);
            profiler.reset();
        }
        List<OpTime> ops = new ArrayList<>();
        byName.times.forEach((k, v) -> ops.add(new OpTime(k, v[0] / 1e6 / steps, v[1] / (double) steps)));
        ops.sort((a, b) -> Double.compare(b.ms(), a.ms()));
        return ops;
    }

    /** Sums elapsed nanoseconds and calls per op name ({@code conv2d}, {@code batchnorm_bp}, {@code adam_updater}...). */
    static final class ByOpName extends StringAggregator {
        final Map<String, long[]> times = new LinkedHashMap<>();

        @Override
        public void putTime(String key, org.nd4j.linalg.api.ops.Op op, long ns) {
            add(op.opName(), ns);
        }

        @Override
        public void putTime(String key, org.nd4j.linalg.api.ops.CustomOp op, long ns) {
            add(op.opName(), ns);
        }

        @Override
        public void putTime(String key, long ns) {
            add(key, ns);
        }

        private void add(String name, long ns) {
            long[] t = times.computeIfAbsent(name, k -> new long[2]);
            t[0] += ns;
            t[1]++;
        }
    }

    /** Profiles a training step at {@code batch}, an inference at {@code batch} and one at batch 1. */
    public static List<Breakdown> run(String net, ComputationGraph g, int batch, int steps) {
        Nd4j.getRandom().setSeed(0);
        DataSet ds = TrainBench.randomBatch(net, batch);
        INDArray x = ds.getFeatures();
        INDArray x1 = TrainBench.randomBatch(net, 1).getFeatures();
        List<Breakdown> out = new ArrayList<>();
        out.add(profile(net, "train bs" + batch, g, () -> g.fit(ds), 3, steps));
        out.add(profile(net, "infer bs" + batch, g, () -> g.outputSingle(false, x).close(), 3, steps));
        out.add(profile(net, "infer bs1", g, () -> g.outputSingle(false, x1).close(), 5, Math.max(steps, 20)));
        fer.engine.FrozenInference.of(g).model().ifPresent(f -> {
            out.add(profile(net, "infer bs" + batch + ", frozen graph (ops only)", g, () -> f.output(x).close(), 3, steps));
            out.add(profile(net, "infer bs1, frozen graph (ops only)", g, () -> f.output(x1).close(), 5, Math.max(steps, 20)));
        });
        return out;
    }

    /** Runs one phase ({@code train}, {@code infer}, {@code infer1}, {@code frozen}, {@code frozen1}) for {@code seconds}: a steady load for perf or DNNL_VERBOSE. */
    public static void loop(String net, ComputationGraph g, String phase, int batch, double seconds, PrintStream log) {
        int bs = phase.endsWith("1") ? 1 : batch;
        DataSet ds = TrainBench.randomBatch(net, bs);
        INDArray x = ds.getFeatures();
        Runnable step = switch (phase) {
            case "train" -> () -> g.fit(ds);
            case "infer", "infer1" -> () -> g.outputSingle(false, x).close();
            case "frozen", "frozen1" -> {
                fer.engine.FrozenInference f = fer.engine.FrozenInference.of(g).model()
                        .orElseThrow(() -> new IllegalArgumentException("--phase " + phase + ": FrozenInference does not cover " + net));
                yield () -> f.output(x).close();
            }
            default -> throw new IllegalArgumentException("--phase: unknown phase '" + phase
                    + "': expected train, infer, infer1 (layer API), frozen or frozen1 (FrozenInference)");
        };
        for (int i = 0; i < 3; i++) step.run();
        log.printf("running %s %s at batch %d for %.0f s (pid %d)%n", net, phase, bs, seconds, ProcessHandle.current().pid());
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long n = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() < end) {
            step.run();
            n++;
        }
        log.printf(Locale.ROOT, "%d steps, %.3f ms per step%n", n, (System.nanoTime() - t0) / 1e6 / n);
    }

    /** Prints one breakdown: per layer, then the top {@code topOps} ops. */
    public static void print(Breakdown b, int topOps, PrintStream out) {
        out.printf(Locale.ROOT, "%n== %s, %s: %.2f ms per step (layers %.2f, rest %.2f: output layer, loss, updater, graph)%n",
                b.net(), b.phase(), b.stepMs(), b.layersMs(), b.stepMs() - b.layersMs());
        boolean backward = b.layers().stream().anyMatch(l -> l.backwardMs() > 0);
        if (b.layersMs() == 0) {
            printOps(b, topOps, out);
            return;
        }
        out.printf(Locale.ROOT, "%-16s %-22s %9s %9s %6s%n", "layer", "type", "fwd ms", backward ? "bwd ms" : "", "share");
        for (LayerTime l : b.layers()) {
            double sum = l.forwardMs() + l.backwardMs();
            out.printf(Locale.ROOT, "%-16s %-22s %9.3f %9s %5.1f%%%n", l.name(), l.type(), l.forwardMs(),
                    backward ? String.format(Locale.ROOT, "%.3f", l.backwardMs()) : "", 100 * sum / b.stepMs());
        }
        Map<String, double[]> byType = new LinkedHashMap<>();
        for (LayerTime l : b.layers()) {
            double[] s = byType.computeIfAbsent(l.type(), k -> new double[2]);
            s[0] += l.forwardMs();
            s[1] += l.backwardMs();
        }
        out.println("by layer type:");
        byType.forEach((k, v) -> out.printf(Locale.ROOT, "  %-22s fwd %8.3f  bwd %8.3f  (%4.1f%%)%n", k, v[0], v[1],
                100 * (v[0] + v[1]) / b.stepMs()));
        printOps(b, topOps, out);
    }

    private static void printOps(Breakdown b, int topOps, PrintStream out) {
        out.printf(Locale.ROOT, "ND4J ops (profiled pass, %.2f ms per step in ops; top %d):%n", b.opsMs(), topOps);
        out.printf(Locale.ROOT, "  %-28s %9s %7s %6s%n", "op", "ms/step", "calls", "share");
        b.ops().stream().limit(topOps).forEach(o -> out.printf(Locale.ROOT, "  %-28s %9.3f %7.1f %5.1f%%%n", o.op(), o.ms(),
                o.calls(), 100 * o.ms() / b.stepMs()));
    }
}
