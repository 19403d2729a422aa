package fer.augment;

import fer.data.Emotion;
import fer.data.InMemoryImages;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ConvolutionMode;
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
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@code fer bench augment}: augmented images per second through {@link FerBatches} (Table 1, with
 * prefetch threads), and how long a training loop waits for data per batch while it trains.
 *
 * <p>Images are random noise made here: the cost of a warp does not depend on what the pixels show.
 */
public final class AugmentBench {
    /**
     * What to measure.
     *
     * @param images     images per epoch
     * @param batch      batch size
     * @param side       model input side
     * @param channels   1 (grayscale) or 3 (VGG)
     * @param threads    prefetch threads
     * @param epochs     timed epochs for throughput, after one warm-up
     * @param stepMillis simulated training step per batch for the wait test; 0 skips it
     * @param cnnBatches batches of a real small CNN trained as the consumer; 0 skips it
     * @param seed       noise and augmentation seed
     */
    public record Settings(int images, int batch, int side, int channels, int threads, int epochs, double stepMillis,
                           int cnnBatches, long seed) {
        /** The defaults {@code fer bench augment} runs with. */
        public static Settings defaults() {
            return new Settings(8192, 64, 48, 1, 2, 3, 280, 12, 42);
        }
    }

    private final int images, batch, side, channels, threads, epochs, cnnBatches;
    private final double stepMillis;
    private final long seed;

    public AugmentBench(Settings s) {
        images = s.images();
        batch = s.batch();
        side = s.side();
        channels = s.channels();
        threads = s.threads();
        epochs = s.epochs();
        stepMillis = s.stepMillis();
        cnnBatches = s.cnnBatches();
        seed = s.seed();
    }

    /** Runs every measurement, printing one line each. */
    public void run() throws InterruptedException {
        InMemoryImages data = noise(images, 48, seed);
        System.out.printf(Locale.ROOT, "fer bench augment: %d noise images 48x48 -> %dx%dx%d, batch %d, Table 1 augmentation, "
                + "%d prefetch thread(s), %d CPU core(s)%n", images, channels, side, side, batch, threads,
                Runtime.getRuntime().availableProcessors());
        throughput(data, 0, "caller thread only");
        double ips = throughput(data, threads, threads + " prefetch thread(s)");
        System.out.printf(Locale.ROOT, "target >= 5000 images/s: %s%n", ips >= 5000 ? "MET" : "NOT MET");
        if (stepMillis > 0) simulatedWait(data);
        if (cnnBatches > 0) cnnWait(data);
    }

    private FerBatches.Builder batches(InMemoryImages data, int prefetch) {
        return FerBatches.training(data).batchSize(batch).channels(channels).side(side).seed(seed)
                .prefetchThreads(prefetch).augment(AugmentConfig.table1());
    }

    /** Consumes epochs as fast as possible: the iterator's own rate. */
    private double throughput(InMemoryImages data, int prefetch, String label) {
        try (FerBatches it = batches(data, prefetch).build()) {
            drain(it); // warm-up: JIT, OpenCV and ND4J initialisation
            long n = 0;
            long t0 = System.nanoTime();
            for (int e = 0; e < epochs; e++) {
                it.reset();
                while (it.hasNext()) n += it.next().getFeatures().size(0);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            double ips = n / s;
            System.out.printf(Locale.ROOT, "throughput (%s): %,.0f augmented images/s (%d images in %.2f s)%n", label, ips, n, s);
            return ips;
        }
    }

    private static void drain(FerBatches it) {
        while (it.hasNext()) it.next();
    }

    /** A consumer that takes {@code stepMillis} per batch (the small CNN's step time): how long does it wait? */
    private void simulatedWait(InMemoryImages data) throws InterruptedException {
        try (FerBatches it = batches(shortEpochs(data), threads).build()) {
            it.next(); // the first batch is always waited for: nothing can be prefetched before the loop starts
            it.resetWaitStats();
            for (int b = 1; b < 40; b++) {
                next(it);
                Thread.sleep((long) stepMillis, (int) ((stepMillis % 1) * 1e6));
            }
            FerBatches.WaitStats w = it.waitStats();
            System.out.printf(Locale.ROOT, "data wait with a simulated %.0f ms step: mean %.3f ms, max %.3f ms per batch over %d batches "
                    + "(%d epochs of %d batches)%n", stepMillis, w.meanMillis(), w.maxMillis(), w.batches(), it.epoch() + 1,
                    it.batchesPerEpoch());
        }
    }

    /** At most 8 batches per epoch, so a wait test crosses epoch boundaries (where prefetch must not stall). */
    private InMemoryImages shortEpochs(InMemoryImages data) {
        int n = Math.min(data.size(), 8 * batch);
        int[] first = new int[n];
        for (int i = 0; i < n; i++) first[i] = i;
        return data.subset(first);
    }

    /** The training loop's view: next batch, starting a new epoch when one ends (as DL4J's fit does). */
    private static DataSet next(FerBatches it) {
        if (!it.hasNext()) it.reset();
        return it.next();
    }

    /** Trains a small 4-block CNN on the batches (sharing the 2 cores with the workers) and reports the wait. */
    private void cnnWait(InMemoryImages data) {
        MultiLayerNetwork net = smallCnn(channels, side, data.classes().size(), seed);
        try (FerBatches it = batches(shortEpochs(data), threads).build()) {
            net.fit(it.next()); // warm-up step (oneDNN primitives, workspaces)
            it.resetWaitStats();
            long t0 = System.nanoTime();
            int b = 0;
            for (; b < cnnBatches; b++) net.fit(next(it));
            double s = (System.nanoTime() - t0) / 1e9;
            FerBatches.WaitStats w = it.waitStats();
            System.out.printf(Locale.ROOT, "small CNN training: %.0f ms/step (%.0f images/s); data wait mean %.3f ms, max %.3f ms "
                    + "per batch over %d batches, %d epoch(s) (%.2f%% of the loop)%n", s * 1000 / b, b * batch / s, w.meanMillis(),
                    w.maxMillis(), w.batches(), it.epoch() + 1, 100 * w.totalNanos() / 1e9 / s);
        }
    }

    /** A stand-in for the study's small CNN: four conv–BN–pool blocks (32…256 filters), dense 256. */
    static MultiLayerNetwork smallCnn(int channels, int side, int classes, long seed) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(1e-3))
                .convolutionMode(ConvolutionMode.Same).list();
        for (int filters : new int[] {32, 64, 128, 256}) {
            b.layer(new ConvolutionLayer.Builder(3, 3).nOut(filters).activation(Activation.IDENTITY).build())
                    .layer(new BatchNormalization.Builder().activation(Activation.RELU).build())
                    .layer(new SubsamplingLayer.Builder(2, 2).stride(2, 2).convolutionMode(ConvolutionMode.Truncate).build());
        }
        MultiLayerConfiguration conf = b.layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(side, side, channels)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Random-noise images with labels spread over the 7 classes (bench input only). */
    static InMemoryImages noise(int n, int side, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] px = new byte[n * side * side];
        for (int i = 0; i < px.length; i++) px[i] = (byte) rng.nextInt(256);
        int[] labels = new int[n];
        String[] src = new String[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 7;
            src[i] = "noise:" + i;
        }
        return new InMemoryImages("bench noise", side, Emotion.FER2013, px, labels, src);
    }
}
