package fer.spark;

import fer.tune.HeadTrials;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Stand-in base features for the search tests: 7 Gaussian clusters, one-hot labels (as lib's tune tests use). */
final class TestFeatures {
    private TestFeatures() {}

    static INDArray[] make(int n, int dims, long centreSeed, long seed) {
        Random c = new Random(centreSeed);
        double[][] centres = new double[7][dims];
        for (double[] row : centres) for (int d = 0; d < dims; d++) row[d] = c.nextGaussian() * 1.2;
        Random r = new Random(seed);
        float[][] x = new float[n][dims];
        float[][] y = new float[n][7];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(7);
            y[i][k] = 1;
            for (int d = 0; d < dims; d++) x[i][d] = (float) (centres[k][d] + r.nextGaussian());
        }
        return new INDArray[] {Nd4j.create(x).castTo(DataType.FLOAT), Nd4j.create(y).castTo(DataType.FLOAT)};
    }

    static HeadTrials heads(int n, int dims) {
        INDArray[] tr = make(n, dims, 1, 2);
        INDArray[] va = make(n / 2, dims, 1, 3);
        return new HeadTrials(tr[0], tr[1], va[0], va[1], "clusters", "test clusters");
    }
}
