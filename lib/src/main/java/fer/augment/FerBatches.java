package fer.augment;

import fer.data.Emotion;
import fer.data.LabeledImages;
import java.util.ArrayDeque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.opencv.global.opencv_core;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batches of a {@link LabeledImages} for DL4J's {@code fit}/{@code evaluate}: NCHW float features
 * (1 or 3 identical channels, resized to the model's input, rescaled to [0, 1]) and one-hot labels.
 *
 * <p>Training batches are augmented on the fly, shuffled per epoch and optionally class-balanced,
 * while background threads prepare the next batches. Batch contents depend only on
 * (seed, epoch, position), never on thread timing. {@link #reset()} after a consumed epoch starts the
 * next epoch (new shuffle, new augmentation); {@link #waitStats()} tells how long the consumer waited.
 */
public final class FerBatches implements DataSetIterator, AutoCloseable {
    private static final long serialVersionUID = 1L;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final LabeledImages images;
    private final int batchSize;
    private final int channels;
    private final int side;
    private final boolean training;
    private final AugmentPipeline pipeline;
    private final boolean shuffle;
    private final long seed;
    private final Balancing balancing;
    private final int prefetchBatches;
    private final int[] labels;
    private final transient ExecutorService pool;
    private final transient ThreadLocal<Worker> workers = ThreadLocal.withInitial(Worker::new);
    private final transient ArrayDeque<Pending> pending = new ArrayDeque<>();

    private DataSetPreProcessor preProcessor;
    private int epoch;
    private int[] order;
    private int[] nextOrder;
    /** Epoch and batch index of the next batch to hand to the workers (may run one epoch ahead). */
    private int submitEpoch;
    private int submitted;
    private int consumed;
    private long waitNanos;
    private long maxWaitNanos;
    private long waitedBatches;

    private FerBatches(Builder b) {
        this.images = b.images;
        this.batchSize = b.batchSize;
        this.channels = b.channels;
        this.side = b.side == 0 ? b.images.side() : b.side;
        this.training = b.training;
        this.pipeline = b.training ? AugmentPipeline.training(b.augment) : AugmentPipeline.evaluation(b.augment);
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.balancing = b.training ? b.balancing : Balancing.NONE;
        this.epoch = b.startEpoch;
        this.submitEpoch = b.startEpoch;
        this.prefetchBatches = Math.max(1, b.prefetchBatches);
        this.labels = new int[images.size()];
        for (int i = 0; i < labels.length; i++) labels[i] = images.label(i);
        if (b.prefetchThreads > 0) {
            // Our workers are the parallelism; OpenCV's own pool would only contend for the same cores.
            opencv_core.setNumThreads(0);
            int id = POOLS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor p = new ThreadPoolExecutor(b.prefetchThreads, b.prefetchThreads, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "fer-batches-" + id + "-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            // an iterator a notebook forgot to close() must not keep its threads (and their Mats) forever
            p.allowCoreThreadTimeOut(true);
            this.pool = p;
        } else {
            this.pool = null;
        }
    }

    /** Training batches: Table 1 augmentation, shuffled per epoch, no balancing, 2 prefetch threads. */
    public static Builder training(LabeledImages images) {
        return new Builder(images, true);
    }

    /** Validation/test batches: rescale only (centre crop if training crops), fixed order, no balancing. */
    public static Builder evaluation(LabeledImages images) {
        return new Builder(images, false);
    }

    /** The epoch the next batch belongs to (0-based). */
    public int epoch() {
        return epoch;
    }

    /** Images in one epoch (more than {@code images.size()} when oversampling). */
    public int epochSize() {
        return plan().length;
    }

    /** Batches in one epoch; the last may be smaller. */
    public int batchesPerEpoch() {
        return (epochSize() + batchSize - 1) / batchSize;
    }

    /** The image index at each position of the current epoch. */
    public int[] epochOrder() {
        return plan().clone();
    }

    /** Images per class as this iterator delivers them in one epoch. */
    public int[] epochClassCounts() {
        int[] counts = new int[images.classes().size()];
        for (int i : plan()) counts[labels[i]]++;
        return counts;
    }

    /** Balanced loss weights for these images (use them when {@link #balancing()} is CLASS_WEIGHTS). */
    public ClassWeights classWeights() {
        return ClassWeights.balanced(images);
    }

    public Balancing balancing() {
        return balancing;
    }

    public AugmentPipeline pipeline() {
        return pipeline;
    }

    /** Starts at {@code epoch} (to resume training): drops prepared batches. */
    public void setEpoch(int epoch) {
        cancelPending();
        this.epoch = epoch;
        this.submitEpoch = epoch;
        this.order = null;
        this.nextOrder = null;
        this.consumed = 0;
    }

    @Override
    public boolean hasNext() {
        return consumed < batchesPerEpoch();
    }

    @Override
    public DataSet next() {
        if (!hasNext()) throw new NoSuchElementException("Epoch " + epoch + " has " + batchesPerEpoch() + " batches; call reset()");
        DataSet ds;
        if (pool == null) {
            ds = makeBatch(epoch, plan(), consumed);
        } else {
            fill();
            Pending head = pending.removeFirst();
            if (head.epoch() != epoch || head.batch() != consumed) {
                throw new IllegalStateException("Prefetch out of order: expected epoch " + epoch + " batch " + consumed
                        + ", found epoch " + head.epoch() + " batch " + head.batch());
            }
            long t0 = System.nanoTime();
            ds = await(head.future());
            long waited = System.nanoTime() - t0;
            waitNanos += waited;
            maxWaitNanos = Math.max(maxWaitNanos, waited);
            waitedBatches++;
        }
        consumed++;
        if (pool != null) fill();
        return ds;
    }

    /**
     * Keeps {@code prefetchBatches} batches in preparation. Training runs on into the next epoch's first
     * batches, so the first batch after {@code reset()} is ready too.
     */
    private void fill() {
        while (pending.size() < prefetchBatches) {
            int[] plan = submitEpoch == epoch ? plan() : nextPlan();
            int total = (plan.length + batchSize - 1) / batchSize;
            if (submitted >= total) {
                if (!training || submitEpoch != epoch) return;
                submitEpoch = epoch + 1;
                submitted = 0;
                continue;
            }
            int e = submitEpoch;
            int k = submitted++;
            pending.addLast(new Pending(e, k, pool.submit(() -> makeBatch(e, plan, k))));
        }
    }

    private int[] nextPlan() {
        if (nextOrder == null) {
            nextOrder = EpochPlan.order(labels, images.classes().size(), balancing, shuffle, seed, epoch + 1);
        }
        return nextOrder;
    }

    private record Pending(int epoch, int batch, Future<DataSet> future) {}

    private static DataSet await(Future<DataSet> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) throw r;
            throw new IllegalStateException("Preparing a batch failed: " + c, c);
        } catch (CancellationException e) {
            throw new IllegalStateException("Batch was cancelled by reset()", e);
        }
    }

    /** Builds batch {@code k} of epoch {@code e}: a pure function of (seed, e, k) and the plan. */
    private DataSet makeBatch(int e, int[] plan, int k) {
        Worker w = workers.get();
        int from = k * batchSize;
        int n = Math.min(batchSize, plan.length - from);
        int plane = side * side;
        int classes = images.classes().size();
        float[] x = w.features(n * channels * plane);
        float[] y = w.labels(n * classes);
        java.util.Arrays.fill(y, 0f);
        float scale = (float) pipeline.rescale();
        int srcSide = images.side();
        for (int j = 0; j < n; j++) {
            int pos = from + j;
            int img = plan[pos];
            byte[] px = images.pixels(img);
            if (px.length != srcSide * srcSide) {
                throw new IllegalArgumentException(images.source(img) + ": expected " + srcSide * srcSide + " pixels ("
                        + srcSide + "x" + srcSide + "), found " + px.length);
            }
            byte[] out = pipeline.isIdentity() && side == srcSide ? px
                    : w.mats.augment(pipeline, px, srcSide, side, Seeds.random(seed, e, pos));
            int base = j * channels * plane;
            for (int p = 0; p < plane; p++) x[base + p] = (out[p] & 0xFF) * scale;
            for (int c = 1; c < channels; c++) System.arraycopy(x, base, x, base + c * plane, plane);
            y[j * classes + labels[img]] = 1f;
        }
        INDArray features = offHeap(x, new long[] {n, channels, side, side});
        INDArray labelArr = offHeap(y, new long[] {n, classes});
        DataSet ds = new DataSet(features, labelArr);
        if (preProcessor != null) preProcessor.preProcess(ds);
        return ds;
    }

    /** A detached array holding {@code data}: no zero-fill before the copy (measured faster than Nd4j.create). */
    private static INDArray offHeap(float[] data, long[] shape) {
        INDArray a = Nd4j.createUninitializedDetached(DataType.FLOAT, shape);
        a.data().asNioFloat().put(data, 0, (int) a.length());
        return a;
    }

    private int[] plan() {
        if (order == null) {
            order = EpochPlan.order(labels, images.classes().size(), balancing, shuffle, seed, epoch);
        }
        return order;
    }

    private void cancelPending() {
        for (Pending p : pending) p.future().cancel(false);
        pending.clear();
        submitEpoch = epoch;
        submitted = 0;
    }

    /**
     * Starts the next epoch if this one has been read from (batches already prepared for it are kept);
     * otherwise restarts the current one.
     */
    @Override
    public void reset() {
        if (consumed == 0) return;
        epoch++;
        order = nextOrder;
        nextOrder = null;
        consumed = 0;
        // drop what is left of the old epoch; keep the new epoch's prepared batches
        while (!pending.isEmpty() && pending.peekFirst().epoch() != epoch) pending.removeFirst().future().cancel(false);
        if (submitEpoch != epoch) {
            submitEpoch = epoch;
            submitted = 0;
        }
    }

    /** Time the consumer spent blocked in {@link #next()} waiting for a batch to be ready. */
    public WaitStats waitStats() {
        return new WaitStats(waitedBatches, waitNanos, maxWaitNanos);
    }

    /** Forgets the wait time measured so far (e.g. after a warm-up epoch). */
    public void resetWaitStats() {
        waitNanos = 0;
        maxWaitNanos = 0;
        waitedBatches = 0;
    }

    /** How long {@code next()} blocked, over {@code batches} calls that used prefetching. */
    public record WaitStats(long batches, long totalNanos, long maxNanos) {
        /** Mean wait per batch in milliseconds. */
        public double meanMillis() {
            return batches == 0 ? 0 : totalNanos / 1e6 / batches;
        }

        public double maxMillis() {
            return maxNanos / 1e6;
        }
    }

    @Override
    public void close() {
        cancelPending();
        if (pool != null) pool.shutdownNow();
    }

    @Override
    public DataSet next(int num) {
        if (num != batchSize) {
            throw new UnsupportedOperationException("FerBatches serves batches of " + batchSize + ", asked for " + num);
        }
        return next();
    }

    @Override
    public int inputColumns() {
        return channels * side * side;
    }

    @Override
    public int totalOutcomes() {
        return images.classes().size();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** False: this iterator prefetches itself, so DL4J must not wrap it in another async iterator. */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    /** Applied on the worker thread to each batch; must be thread-safe (DL4J normalizers are). */
    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return images.classes().stream().map(Emotion::title).toList();
    }

    /** One thread's reusable buffers: Mats for OpenCV and the float arrays a batch is assembled in. */
    private static final class Worker {
        final MatBuffers mats = new MatBuffers();
        float[] x = new float[0];
        float[] y = new float[0];

        float[] features(int n) {
            if (x.length != n) x = new float[n];
            return x;
        }

        float[] labels(int n) {
            if (y.length != n) y = new float[n];
            return y;
        }
    }

    /** Settings of a {@link FerBatches}; defaults follow the report (batch 128, 48×48, Table 1). */
    public static final class Builder {
        private final LabeledImages images;
        private final boolean training;
        private int batchSize = 128;
        private int channels = 1;
        private int side;
        private AugmentConfig augment;
        private long seed = 42;
        private boolean shuffle;
        private Balancing balancing = Balancing.NONE;
        private int prefetchThreads = 2;
        private int prefetchBatches = 4;
        private int startEpoch;

        private Builder(LabeledImages images, boolean training) {
            if (images.size() == 0) throw new IllegalArgumentException(images.datasetName() + ": no images to batch");
            this.images = images;
            this.training = training;
            this.augment = training ? AugmentConfig.table1() : AugmentConfig.none();
            this.shuffle = training;
        }

        /** Images per batch (report: 128). */
        public Builder batchSize(int n) {
            if (n < 1) throw new IllegalArgumentException("batchSize: expected ≥ 1, found " + n);
            this.batchSize = n;
            return this;
        }

        /** 1 for grayscale models, 3 for ImageNet models such as VGG16 (the gray value copied to each channel). */
        public Builder channels(int c) {
            if (c != 1 && c != 3) throw new IllegalArgumentException("channels: expected 1 or 3, found " + c);
            this.channels = c;
            return this;
        }

        /** The model's input side; images are resized in the same warp. Default: the images' side. */
        public Builder side(int s) {
            if (s < 8) throw new IllegalArgumentException("side: expected ≥ 8 pixels, found " + s);
            this.side = s;
            return this;
        }

        /**
         * Augmentation settings. Training draws from them; evaluation uses only their rescale and crop.
         * {@link AugmentConfig#none()} turns augmentation off.
         */
        public Builder augment(AugmentConfig config) {
            this.augment = java.util.Objects.requireNonNull(config);
            return this;
        }

        /** Seed of shuffling, oversampling and augmentation. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Shuffle per epoch (default: on for training, off for evaluation). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Class balancing (training only; ignored for evaluation). */
        public Builder balancing(Balancing mode) {
            this.balancing = java.util.Objects.requireNonNull(mode);
            return this;
        }

        /** Background threads preparing batches; 0 prepares each batch in the caller's thread. */
        public Builder prefetchThreads(int n) {
            if (n < 0) throw new IllegalArgumentException("prefetchThreads: expected ≥ 0, found " + n);
            this.prefetchThreads = n;
            return this;
        }

        /** How many batches are prepared ahead (default 4). */
        public Builder prefetchBatches(int n) {
            if (n < 1) throw new IllegalArgumentException("prefetchBatches: expected ≥ 1, found " + n);
            this.prefetchBatches = n;
            return this;
        }

        /** First epoch (to resume a run at the augmentation it would have seen). */
        public Builder startEpoch(int epoch) {
            if (epoch < 0) throw new IllegalArgumentException("startEpoch: expected ≥ 0, found " + epoch);
            this.startEpoch = epoch;
            return this;
        }

        public FerBatches build() {
            return new FerBatches(this);
        }
    }
}
