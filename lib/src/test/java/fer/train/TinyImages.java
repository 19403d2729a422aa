package fer.train;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Test data: {@code n} generated grayscale images whose class is a bright square's position (easy to
 * learn), served as NCHW float batches in [0,1], shuffled per epoch with a seed; optional delay per batch
 * to make an epoch last long enough to be killed in the middle.
 */
final class TinyImages implements DataSetIterator {
    final int n;
    final int side;
    final int classes;
    final int batch;
    final long seed;
    final long delayMillis;
    final float[][] images;
    final int[] labels;
    private int[] order;
    private int cursor;
    private int epoch;

    TinyImages(int n, int side, int classes, int batch, long seed, long delayMillis) {
        this.n = n;
        this.side = side;
        this.classes = classes;
        this.batch = batch;
        this.seed = seed;
        this.delayMillis = delayMillis;
        Random rnd = new Random(seed);
        images = new float[n][side * side];
        labels = new int[n];
        int cell = side / 4;
        for (int i = 0; i < n; i++) {
            int c = rnd.nextInt(classes);
            labels[i] = c;
            int cy = (c / 4) * cell;
            int cx = (c % 4) * cell;
            for (int p = 0; p < side * side; p++) images[i][p] = rnd.nextFloat() * 0.3f;
            for (int y = cy; y < cy + cell; y++) for (int x = cx; x < cx + cell; x++) images[i][y * side + x] += 0.7f;
        }
        reset();
    }

    @Override
    public DataSet next(int num) {
        int m = Math.min(num, n - cursor);
        INDArray f = Nd4j.create(DataType.FLOAT, m, 1, side, side);
        INDArray y = Nd4j.zeros(DataType.FLOAT, m, classes);
        for (int k = 0; k < m; k++) {
            int i = order[cursor + k];
            f.get(org.nd4j.linalg.indexing.NDArrayIndex.point(k)).assign(Nd4j.create(images[i], new long[] {1, side, side}));
            y.putScalar(k, labels[i], 1f);
        }
        cursor += m;
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new DataSet(f, y);
    }

    @Override public DataSet next() { return next(batch); }
    @Override public boolean hasNext() { return cursor < n; }
    @Override public int inputColumns() { return side * side; }
    @Override public int totalOutcomes() { return classes; }
    @Override public boolean resetSupported() { return true; }
    @Override public boolean asyncSupported() { return false; }
    @Override public int batch() { return batch; }
    @Override public void setPreProcessor(DataSetPreProcessor p) { throw new UnsupportedOperationException(); }
    @Override public DataSetPreProcessor getPreProcessor() { return null; }
    @Override public List<String> getLabels() { return null; }

    @Override
    public void reset() {
        cursor = 0;
        Random rnd = new Random(seed * 31 + epoch++);
        order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
