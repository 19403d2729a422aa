package fer.engine;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A batch norm at inference is y = scale · x + shift per channel, from its running mean and variance (or
 * log10 std); folded into the convolution before it, it costs nothing. One place for that arithmetic:
 * {@link FrozenInference} folds it for speed, {@code fer.explain.GradientModel} for an honest gradient.
 */
public final class BatchNormFolding {
    private BatchNormFolding() {}

    /** {scale, shift} per channel (double) of a batch-norm layer, frozen wrapper or not. */
    public static INDArray[] affine(Layer bnLayer) {
        BatchNormalization conf = (BatchNormalization) unfrozen(bnLayer.conf().getLayer());
        INDArray mean = bnLayer.getParam("mean").castTo(DataType.DOUBLE).reshape(-1);
        INDArray var;
        if (conf.isUseLogStd()) {
            INDArray s = Transforms.pow(Nd4j.valueArrayOf(mean.shape(), 10.0, mean.dataType()),
                    bnLayer.getParam("log10stdev").castTo(mean.dataType()).reshape(-1));
            var = s.mul(s);
        } else {
            var = bnLayer.getParam("var").castTo(mean.dataType()).reshape(-1);
        }
        INDArray std = Transforms.sqrt(var.add(conf.getEps()));
        INDArray gamma;
        INDArray beta;
        if (conf.isLockGammaBeta()) {
            // DL4J applies fixed gamma/beta only when gamma != 1 and beta != 0 (sic): same here
            boolean applied = conf.getGamma() != 1.0 && conf.getBeta() != 0.0;
            gamma = Nd4j.valueArrayOf(mean.shape(), applied ? conf.getGamma() : 1.0, mean.dataType());
            beta = Nd4j.valueArrayOf(mean.shape(), applied ? conf.getBeta() : 0.0, mean.dataType());
        } else {
            gamma = bnLayer.getParam("gamma").castTo(mean.dataType()).reshape(-1);
            beta = bnLayer.getParam("beta").castTo(mean.dataType()).reshape(-1);
        }
        INDArray scale = gamma.div(std);
        return new INDArray[] {scale, beta.sub(mean.mul(scale))};
    }

    /**
     * Folds {scale, shift} into a convolution's kernels {@code w} [out, in, kH, kW] (whatever the activations'
     * layout) and bias {@code b}, in place: conv then batch norm becomes one convolution.
     */
    public static void fold(INDArray w, INDArray b, INDArray[] affine) {
        INDArray scale = affine[0].castTo(w.dataType());
        w.assign(w.reshape(w.size(0), -1).mulColumnVector(scale.reshape(-1, 1)).reshape(w.shape()));
        b.assign(b.reshape(-1).mul(scale).add(affine[1].castTo(b.dataType())).reshape(b.shape()));
    }

    /** The layer configuration inside DL4J's frozen wrappers (transfer learning), or the layer itself. */
    public static org.deeplearning4j.nn.conf.layers.Layer unfrozen(org.deeplearning4j.nn.conf.layers.Layer l) {
        if (l instanceof org.deeplearning4j.nn.conf.layers.misc.FrozenLayer f) return unfrozen(f.getLayer());
        if (l instanceof org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop f) return unfrozen(f.getUnderlying());
        return l;
    }
}
