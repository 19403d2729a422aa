package fer.explain;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Small array helpers shared by the saliency methods. */
final class Tensors {
    /** Largest batch sent through a network at once (SmoothGrad copies, IG steps, occluded images). */
    static final int MAX_BATCH = 64;

    private Tensors() {}

    /** Rows of one-hot vectors: row i has a 1 at {@code targets[i]}. */
    static INDArray oneHot(int[] targets, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, targets.length, classes);
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] < 0 || targets[i] >= classes) {
                throw new IllegalArgumentException("target class " + targets[i] + " outside 0.." + (classes - 1));
            }
            y.putScalar(i, targets[i], 1f);
        }
        return y;
    }

    /** {@code k} one-hot rows for the same class. */
    static INDArray oneHot(int target, int k, int classes) {
        int[] t = new int[k];
        java.util.Arrays.fill(t, target);
        return oneHot(t, classes);
    }

    /** The report's map: max over channels of |gradient|, [n, c, h, w] to [n, h, w]. */
    static INDArray maxAbsOverChannels(INDArray g) {
        return Nd4j.math().abs(g.castTo(DataType.FLOAT)).max(1);
    }

    /** Image {@code i} of a batch, as a batch of one [1, c, h, w]. */
    static INDArray one(INDArray x, int i) {
        return x.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
    }

    /** {@code k} copies of a [1, c, h, w] image as [k, c, h, w]. */
    static INDArray repeat(INDArray one, int k) {
        return Nd4j.tile(one, k, 1, 1, 1);
    }
}
