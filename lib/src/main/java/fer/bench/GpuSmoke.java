package fer.bench;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Backend smoke test and throughput probe: trains a small FER-sized CNN (48x48x1, 7 classes) on
 * random data and prints the ND4J backend, the device and images/s.
 *
 * <p>Why: the CUDA build of ND4J (-Pcuda) can only be checked on a GPU box, where a broken driver
 * or an unsupported architecture shows up as a crash or a silent CPU fallback. This says which
 * backend and device actually ran and how fast. Runs on the CPU backend too (quick sanity check).
 * Run by environment/gpu-smoke. Usage: {@code GpuSmoke [--steps N] [--batch B] [--warmup W]}.
 */
public final class GpuSmoke {

    private GpuSmoke() {}

    public static void main(String[] args) {
        int steps = intArg(args, "--steps", 300);
        int batch = intArg(args, "--batch", 64);
        int warmup = intArg(args, "--warmup", 20);

        try {
            System.out.println("backend: " + Nd4j.getBackend().getClass().getName());
        } catch (ExceptionInInitializerError | RuntimeException e) {
            // ND4J's own message only says "no backend"; the causes seen are these two
            System.err.println("gpu-smoke: no ND4J backend could start (" + rootCause(e) + ").\n"
                    + "  The reason is in ND4J's 'Skipped [...Backend]' warning above:\n"
                    + "  'libcuda.so.1: cannot open': no NVIDIA driver on this machine;\n"
                    + "  'libcudart.so.11.0' or 'libcublas.so.11': no CUDA 11.x toolkit: run gpu-smoke --redist.");
            System.exit(2);
        }
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        System.out.println("device: " + deviceName(env));
        env.stringPropertyNames().stream().sorted()
                .filter(k -> !k.equals("cuda.devicesInformation"))
                .forEach(k -> System.out.println("  " + k + " = " + env.get(k)));

        MultiLayerNetwork net = new MultiLayerNetwork(smallCnn());
        net.init();
        System.out.printf("model: small CNN, %,d parameters; batch %d, %d warm-up + %d timed steps%n",
                net.numParams(), batch, warmup, steps);

        // Fixed random batch: the point is the arithmetic, not learning; a seed keeps runs comparable.
        Nd4j.getRandom().setSeed(42);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 1, 48, 48);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 7);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % 7, 1f);
        }
        DataSet data = new DataSet(x, y);

        for (int i = 0; i < warmup; i++) {
            net.fit(data);
        }
        double firstScore = net.score();
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            net.fit(data);
        }
        // score() reads the loss back from the device: the timed steps are complete after it
        double lastScore = net.score();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!Double.isFinite(lastScore)) {
            throw new IllegalStateException("training diverged: loss " + lastScore + " after " + steps + " steps");
        }
        System.out.printf("loss: %.4f after warm-up -> %.4f after %d steps (same batch, should fall)%n",
                firstScore, lastScore, steps);
        System.out.printf("throughput: %.1f images/s (%d steps in %.2f s)%n", steps * (double) batch / seconds,
                steps, seconds);
    }

    static MultiLayerConfiguration smallCnn() {
        return new NeuralNetConfiguration.Builder()
                .seed(42)
                .updater(new Adam(1e-3))
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(128).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(7).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(48, 48, 1))
                .build();
    }

    /** CUDA: the names from cuda.devicesInformation; CPU: the backend's CPU description. */
    static String deviceName(Properties env) {
        Object devices = env.get("cuda.devicesInformation");
        if (devices instanceof List<?> list && !list.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (Object d : list) {
                if (d instanceof Map<?, ?> m) {
                    if (sb.length() > 0) sb.append("; ");
                    sb.append(m.get("cuda.deviceName")).append(" (cc ").append(m.get("cuda.deviceMajor"))
                            .append('.').append(m.get("cuda.deviceMinor")).append(", ")
                            .append(m.get("cuda.totalMemory")).append(" bytes)");
                }
            }
            return sb.toString();
        }
        return "CPU, " + Runtime.getRuntime().availableProcessors() + " cores ("
                + env.getOrDefault("cpu.info", System.getProperty("os.arch")) + ")";
    }

    static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        // ND4J logs the real UnsatisfiedLinkError itself and throws a generic one; report the deepest
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    static int intArg(String[] args, String name, int dflt) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                try {
                    return Integer.parseInt(args[i + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " expects an integer, got '" + args[i + 1] + "'");
                }
            }
        }
        return dflt;
    }
}
