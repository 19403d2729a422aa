package fer.explain;

import fer.model.Architecture;
import fer.model.ModelSpec;
import fer.model.Models;
import fer.model.Optimizer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code fer explain --bench}: saliency speed. Vanilla gradients and Grad-CAM for a batch of 64 faces on the
 * small CNN (target: within 1 s each on 2 cores), and per-image SmoothGrad (n = 25) and Integrated Gradients
 * (m = 50) on the custom VGG16 (paper width, or a given saved model). Prints medians with the load average
 * and the process's CPU seconds, since the wall clock alone means little on a shared machine.
 */
public final class ExplainBench {
    private ExplainBench() {}

    /** Runs every measurement; {@code vgg} is a saved custom model to time instead of a fresh paper-width one (may be null). */
    public static void run(ComputationGraph vgg, InputShape vggInput, int repeats, PrintStream out) {
        out.println("load average at start: " + loadAverage());
        ComputationGraph small = Models.build(ModelSpec.paper(Architecture.SMALL), Optimizer.adam(1e-3));
        GradientModel s = GradientModel.of(small, InputShape.square(48, 1), GradientModel.Score.LOGIT);
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 64, 1, 48, 48);
        int[] t = new int[64];
        for (int i = 0; i < t.length; i++) t[i] = i % 7;
        out.printf("small CNN (%,d parameters), batch of 64 faces 48x48x1:%n", small.numParams());
        time(out, "forward only (reference)", repeats, 1, () -> small.outputSingle(false, x));
        time(out, "vanilla gradient", repeats, 1, () -> new VanillaGradient().maps(s, x, t));
        time(out, "Grad-CAM (" + s.lastConvVertex() + ")", repeats, 1, () -> GradCam.lastConv().maps(s, x, t));

        if (vgg == null) {
            vgg = Models.build(ModelSpec.paper(Architecture.CUSTOM), Optimizer.adam(1e-4));
            vggInput = InputShape.square(48, 3);
        }
        ComputationGraph v = vgg;
        InputShape in = vggInput;
        GradientModel g = GradientModel.of(v, in, GradientModel.Score.LOGIT);
        INDArray one = Nd4j.rand(DataType.FLOAT, 1, vggInput.channels(), vggInput.height(), vggInput.width());
        INDArray batch = Nd4j.rand(DataType.FLOAT, 64, vggInput.channels(), vggInput.height(), vggInput.width());
        out.printf("custom VGG16 (%,d parameters), %s:%n", v.numParams(), vggInput);
        time(out, "vanilla gradient, batch of 64", repeats, 1, () -> new VanillaGradient().maps(g, batch, t));
        time(out, "SmoothGrad n=25, per image", repeats, 1, () -> SmoothGrad.defaults(1).maps(g, one, new int[] {3}));
        time(out, "IG m=50 (black), per image", repeats, 1, () -> IntegratedGradients.of(IntegratedGradients.Baseline.BLACK, in.height()).maps(g, one, new int[] {3}));
        out.println("load average at end: " + loadAverage());
    }

    private static void time(PrintStream out, String what, int repeats, int warmup, Runnable r) {
        for (int i = 0; i < warmup; i++) r.run();
        double[] wall = new double[repeats];
        double cpu0 = cpuSeconds();
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            r.run();
            wall[i] = (System.nanoTime() - t0) / 1e9;
        }
        double cpu = (cpuSeconds() - cpu0) / repeats;
        Arrays.sort(wall);
        out.printf("  %-34s median %.3f s (min %.3f, max %.3f) over %d; process CPU %.2f s per run%n",
                what, wall[repeats / 2], wall[0], wall[repeats - 1], repeats, cpu);
    }

    /** The process's CPU seconds (all threads, native included). */
    static double cpuSeconds() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime() / 1e9;
        return Double.NaN;
    }

    /** The first three fields of /proc/loadavg (1, 5, 15 minutes), or "unknown". */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2] + " (" + Runtime.getRuntime().availableProcessors() + " cores)";
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** For running the bench without the CLI: {@code java -cp ... fer.explain.ExplainBench [repeats]}. */
    public static void main(String[] args) {
        run(null, null, args.length > 0 ? Integer.parseInt(args[0]) : 5, System.out);
    }
}
