package fer.bench;

import fer.engine.FrozenInference;
import java.io.PrintStream;
import java.util.Arrays;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch-1 forward-pass time of a network, DL4J's layer path ({@code outputSingle}) against {@link FrozenInference}:
 * what one face costs {@code fer live} (docs/live.md). Medians of rounds, after warm-up passes.
 */
public final class InferenceLatency {
    private InferenceLatency() {}

    /** Milliseconds per pass, median over {@code rounds} rounds of {@code passes} passes: {dl4j, frozen (NaN if not covered)}. */
    public static double[] measure(ComputationGraph net, long[] inputShape, int rounds, int passes) {
        INDArray x = Nd4j.rand(DataType.FLOAT, inputShape);
        FrozenInference frozen = FrozenInference.of(net).model().orElse(null);
        for (int i = 0; i < 20; i++) {
            net.outputSingle(false, x).close();
            if (frozen != null) frozen.output(x).close();
        }
        double[] dl4j = new double[rounds], fast = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < passes; i++) net.outputSingle(false, x).close();
            long t1 = System.nanoTime();
            if (frozen != null) for (int i = 0; i < passes; i++) frozen.output(x).close();
            long t2 = System.nanoTime();
            dl4j[r] = (t1 - t0) / 1e6 / passes;
            fast[r] = frozen == null ? Double.NaN : (t2 - t1) / 1e6 / passes;
        }
        return new double[] {median(dl4j), median(fast)};
    }

    /** One line per model: "NAME [1, C, H, W]: DL4J X ms, frozen Y ms (Z x)". */
    public static void print(String name, ComputationGraph net, long[] shape, int rounds, int passes, PrintStream out) {
        double[] ms = measure(net, shape, rounds, passes);
        out.printf(java.util.Locale.ROOT, "%-20s %s: DL4J %.2f ms, frozen %.2f ms (%.1fx); load average %.2f%n", name,
                Arrays.toString(shape), ms[0], ms[1], ms[0] / ms[1], LoadWatch.loadAverage());
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
