package fer.train;

import fer.Profile;
import fer.data.Emotion;
import fer.data.InMemoryImages;
import fer.data.LabeledImages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one place where training meets the data and augmentation steps: it produces the train and
 * validation iterators for a profile.
 *
 * <p><b>MERGE NOTE (stand-in):</b> written before {@code fer.data.Datasets} (readers, synthetic FER
 * generator, splits) and {@code fer.augment} (Table 1 augmentation iterators) were merged. Until then
 * {@link #load} uses the minimal stand-ins below: {@link #standInSynthetic} (class-dependent blob
 * faces) and {@link ImagesIterator} (no augmentation). Swap both for the real APIs at merge; the rest
 * of {@code fer.train} only sees {@link DataSetIterator}s.
 *
 * @param datasetName written on figures and manifests
 */
public record TrainingData(DataSetIterator train, DataSetIterator validation, String datasetName,
                           int trainSize, int validationSize, List<Emotion> classes) {

    /** Train/validation iterators for {@code profile}: the first {@code trainLimit}/{@code valLimit} images. */
    public static TrainingData load(Profile profile, int side, int channels, int batchSize, int trainLimit, int valLimit, long seed) {
        if (profile == Profile.PAPER) {
            // STAND-IN: replace with fer.data.Datasets.load(...) + fer.augment iterators at merge.
            throw new IllegalStateException("the paper profile needs FER-2013 via fer.data.Datasets (data branch), "
                    + "not merged into this branch yet: place fer2013.csv under " + fer.Project.data() + " after merge");
        }
        InMemoryImages train = standInSynthetic(trainLimit, side, seed);
        InMemoryImages val = standInSynthetic(valLimit, side, seed + 1_000_003L);
        return new TrainingData(new ImagesIterator(train, channels, batchSize, true, seed),
                new ImagesIterator(val, channels, batchSize, false, seed),
                train.datasetName(), train.size(), val.size(), train.classes());
    }

    /**
     * STAND-IN synthetic faces: a dark background, an oval face, eyes and a mouth whose shape and brows'
     * tilt depend on the expression class, plus jitter and noise. Learnable, not realistic.
     */
    public static InMemoryImages standInSynthetic(int n, int side, long seed) {
        List<Emotion> classes = new ArrayList<>(Arrays.asList(Emotion.values()).subList(0, 7));
        Random rnd = new Random(seed);
        byte[] px = new byte[n * side * side];
        int[] labels = new int[n];
        String[] sources = new String[n];
        double s = side / 48.0;
        for (int i = 0; i < n; i++) {
            int c = rnd.nextInt(classes.size());
            labels[i] = c;
            sources[i] = "stand-in-synthetic:" + seed + ":" + i;
            double cx = side / 2.0 + rnd.nextGaussian() * 1.5 * s;
            double cy = side / 2.0 + rnd.nextGaussian() * 1.5 * s;
            double mouthCurve = new double[] {-3, -2, -1.5, 4, -3, 0.5, 0}[c] * s; // smile > 0, frown < 0
            double mouthOpen = new double[] {1, 0.5, 3, 1.5, 0.5, 5, 0.5}[c] * s;
            double brow = new double[] {0.35, 0.2, -0.3, 0, -0.15, -0.4, 0}[c];
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double dx = (x - cx) / (15 * s);
                    double dy = (y - cy) / (19 * s);
                    double v = dx * dx + dy * dy < 1 ? 150 : 40;
                    // eyes
                    for (int e = -1; e <= 1; e += 2) {
                        double ex = x - (cx + e * 6 * s);
                        double ey = y - (cy - 4 * s);
                        if (ex * ex + ey * ey < 4 * s * s) v = 30;
                        // brows: a tilted bar above each eye
                        double by = y - (cy - 8 * s + e * brow * (x - (cx + e * 6 * s)));
                        if (Math.abs(ex) < 4 * s && Math.abs(by) < 0.8 * s) v = 60;
                    }
                    // mouth: a parabola, thickness = openness
                    double mx = (x - cx) / (7 * s);
                    if (Math.abs(mx) < 1) {
                        double my = cy + 9 * s - mouthCurve * (1 - mx * mx);
                        if (Math.abs(y - my) < Math.max(0.8 * s, mouthOpen / 2)) v = 35;
                    }
                    v += rnd.nextGaussian() * 12;
                    px[i * side * side + y * side + x] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
                }
            }
        }
        return new InMemoryImages("stand-in synthetic FER", side, classes, px, labels, sources);
    }

    /**
     * STAND-IN batch iterator (the augmentation step's iterators replace it): NCHW float in [0,1], the
     * grey channel replicated to 3 for VGG, one-hot labels, reshuffled each epoch from {@code seed}.
     * Every batch is a fresh array, so the trainer may free it right after use.
     */
    public static final class ImagesIterator implements DataSetIterator {
        private final LabeledImages images;
        private final int channels;
        private final int batch;
        private final boolean shuffle;
        private final long seed;
        private int[] order;
        private int cursor;
        private int epoch;

        public ImagesIterator(LabeledImages images, int channels, int batch, boolean shuffle, long seed) {
            this.images = images;
            this.channels = channels;
            this.batch = batch;
            this.shuffle = shuffle;
            this.seed = seed;
            reset();
        }

        @Override
        public DataSet next(int num) {
            int m = Math.min(num, images.size() - cursor);
            int side = images.side();
            int plane = side * side;
            float[] f = new float[m * channels * plane];
            float[] y = new float[m * images.classes().size()];
            for (int k = 0; k < m; k++) {
                int i = order[cursor + k];
                byte[] p = images.pixels(i);
                for (int c = 0; c < channels; c++) {
                    int off = (k * channels + c) * plane;
                    for (int j = 0; j < plane; j++) f[off + j] = (p[j] & 0xFF) / 255f;
                }
                y[k * images.classes().size() + images.label(i)] = 1f;
            }
            cursor += m;
            INDArray features = Nd4j.create(f, new long[] {m, channels, side, side}, DataType.FLOAT);
            INDArray labels = Nd4j.create(y, new long[] {m, images.classes().size()}, DataType.FLOAT);
            return new DataSet(features, labels);
        }

        @Override public DataSet next() { return next(batch); }
        @Override public boolean hasNext() { return cursor < images.size(); }
        @Override public int inputColumns() { return images.side() * images.side() * channels; }
        @Override public int totalOutcomes() { return images.classes().size(); }
        @Override public boolean resetSupported() { return true; }
        @Override public boolean asyncSupported() { return false; }
        @Override public int batch() { return batch; }
        @Override public void setPreProcessor(DataSetPreProcessor p) { throw new UnsupportedOperationException("no preprocessing in the stand-in"); }
        @Override public DataSetPreProcessor getPreProcessor() { return null; }
        @Override public List<String> getLabels() { return images.classes().stream().map(Enum::name).toList(); }

        @Override
        public void reset() {
            cursor = 0;
            order = new int[images.size()];
            for (int i = 0; i < order.length; i++) order[i] = i;
            if (shuffle) {
                Random rnd = new Random(seed * 1_000_003L + epoch);
                for (int i = order.length - 1; i > 0; i--) {
                    int j = rnd.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
            }
            epoch++;
        }
    }
}
