package fer.bench;

import fer.model.Architecture;
import fer.model.ModelSpec;
import fer.model.Models;
import fer.model.Optimizer;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times one epoch-equivalent of the custom VGG16 model on FER-2013-sized synthetic data (28,709 training
 * images of 48x48x3, the paper's batch) on whatever backend is active, and prints images/s: the GPU
 * smoke test's training check ({@code environment/gpu-smoke}). Runs on CPU too, with fewer images.
 *
 * <p>Usage: {@code GpuEpochBench [--images N] [--batch B] [--model custom|baseline|small]}
 */
public final class GpuEpochBench {
    /** FER-2013's training split size (the report's train+validation). */
    public static final int FER2013_TRAIN = 28_709;

    private GpuEpochBench() {}

    public static void main(String[] args) {
        int images = FER2013_TRAIN;
        int batch = 256;
        Architecture arch = Architecture.CUSTOM;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--images" -> images = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--model" -> arch = Architecture.parse(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "': expected --images N, --batch B, --model NAME");
            }
        }
        System.out.println(run(arch, images, batch));
    }

    /** Trains {@code images} random images in batches of {@code batch}; returns a one-line report. */
    public static String run(Architecture arch, int images, int batch) {
        ModelSpec spec = ModelSpec.paper(arch);
        ComputationGraph net = Models.build(spec, Optimizer.sgd(1e-4));
        Nd4j.getRandom().setSeed(0);
        // a few distinct batches reused: data generation is not what is being timed
        DataSet[] pool = new DataSet[4];
        for (int k = 0; k < pool.length; k++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, batch, spec.channels(), spec.inputSide(), spec.inputSide());
            INDArray y = Nd4j.zeros(DataType.FLOAT, batch, spec.numClasses());
            for (int i = 0; i < batch; i++) y.putScalar(i, (i + k) % spec.numClasses(), 1f);
            pool[k] = new DataSet(x, y);
        }
        net.fit(pool[0]); // warm-up: kernels, workspaces, cuDNN/oneDNN plans
        Nd4j.getExecutioner().commit();
        int steps = (images + batch - 1) / batch;
        long t0 = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            net.fit(pool[s % pool.length]);
            if ((s + 1) % 20 == 0) System.out.printf(Locale.ROOT, "  step %d/%d%n", s + 1, steps);
        }
        Nd4j.getExecutioner().commit();
        double secs = (System.nanoTime() - t0) / 1e9;
        return String.format(Locale.ROOT,
                "epoch-equivalent: %s, %,d images (%d steps of %d), %.1f s, %.1f img/s, backend %s, score %.4f",
                arch.id(), steps * batch, steps, batch, secs, steps * batch / secs,
                Nd4j.getBackend().getClass().getSimpleName(), net.score());
    }
}
