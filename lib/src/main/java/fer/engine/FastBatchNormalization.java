package fer.engine;

import java.lang.reflect.Field;
import java.nio.FloatBuffer;
import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's batch normalisation with a faster helper for the common case (NCHW float feature maps): the same
 * layer, parameters, running statistics and serialised form, but the batch statistics, the normalisation
 * and the gradient are computed by {@link PlaneBatchNorm} instead of ND4J reductions + libnd4j's
 * {@code batchnorm_bp}. Measured on the small CNN at batch 64: the four batch norms of a training step
 * went from 120 ms to about 15 (docs/train.md, {@code fer bench profile}).
 *
 * <p>The helper is installed only where DL4J would use its own oneDNN helper (helpers enabled), so
 * {@code -Dorg.eclipse.deeplearning4j.helpers.disable=true} still gives DL4J's built-in layer, the
 * reference {@code HelpersEquivalenceTest} compares against; anything this helper does not cover (NHWC,
 * 2-D input, other data types, fixed γ/β) goes to DL4J's oneDNN helper as before.
 * {@code -Dfer.bn.fast=false} builds DL4J's stock layer, for comparisons.
 */
public class FastBatchNormalization extends BatchNormalization {
    /** DL4J's defaults (decay 0.9, eps 1e-5, log-std running variance), as {@code new BatchNormalization.Builder().build()}. */
    public FastBatchNormalization() {
        super();
    }

    /** The batch norm the project's networks use: this layer, or DL4J's stock one with {@code -Dfer.bn.fast=false}. */
    public static BatchNormalization create() {
        return Boolean.parseBoolean(System.getProperty("fer.bn.fast", "true")) ? new FastBatchNormalization()
                : new BatchNormalization.Builder().build();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray params, boolean initializeParams, DataType dataType) {
        Layer layer = super.instantiate(conf, listeners, layerIndex, params, initializeParams, dataType);
        install((org.deeplearning4j.nn.layers.normalization.BatchNormalization) layer);
        return layer;
    }

    /** Puts a {@link Helper} in front of the layer's oneDNN helper; leaves a layer without helpers alone. */
    static void install(org.deeplearning4j.nn.layers.normalization.BatchNormalization layer) {
        try {
            Field f = org.deeplearning4j.nn.layers.normalization.BatchNormalization.class.getDeclaredField("helper");
            f.setAccessible(true);
            BatchNormalizationHelper original = (BatchNormalizationHelper) f.get(layer);
            if (original != null && !(original instanceof Helper)) f.set(layer, new Helper(original));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DL4J's BatchNormalization layer changed shape (no 'helper' field): " + e, e);
        }
    }

    /** The helper: {@link PlaneBatchNorm} for NCHW float input, the original helper for the rest. */
    static final class Helper implements BatchNormalizationHelper {
        private final BatchNormalizationHelper fallback;
        private INDArray meanCache;
        private INDArray varCache;
        /** True when the last forward pass went to the fallback (so must its backward pass and caches). */
        private boolean delegated;

        Helper(BatchNormalizationHelper fallback) {
            this.fallback = fallback;
        }

        static boolean covers(INDArray x, INDArray gamma, INDArray beta, CNN2DFormat format) {
            return x.rank() == 4 && format == CNN2DFormat.NCHW && x.dataType() == DataType.FLOAT
                    && gamma != null && beta != null && x.length() < Integer.MAX_VALUE;
        }

        @Override
        public boolean checkSupported(double eps, boolean fixedGammaBeta) {
            return fallback.checkSupported(eps, fixedGammaBeta);
        }

        @Override
        public boolean checkSupported() {
            return fallback.checkSupported();
        }

        @Override
        public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray mean,
                                  INDArray var, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr mgr) {
            delegated = !covers(x, gamma, beta, format);
            if (delegated) return fallback.preOutput(x, training, shape, gamma, beta, mean, var, decay, eps, format, mgr);
            INDArray in = contiguous(x);
            int c = (int) in.size(1);
            float[] mu;
            float[] sigma2;
            if (training) {
                mu = new float[c];
                sigma2 = new float[c];
                PlaneBatchNorm.statistics(planes(in), mu, sigma2);
                cache(mu, sigma2);
            } else {
                mu = vector(mean);
                sigma2 = vector(var);
            }
            float[] g = vector(gamma);
            float[] b = vector(beta);
            float[] a = new float[c];
            float[] shiftBy = new float[c];
            for (int ch = 0; ch < c; ch++) {
                a[ch] = (float) (g[ch] / Math.sqrt(sigma2[ch] + eps));
                shiftBy[ch] = b[ch] - mu[ch] * a[ch];
            }
            INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
            PlaneBatchNorm.affine(planes(in), planes(out), a, shiftBy);
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                                                         INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps,
                                                         CNN2DFormat format, LayerWorkspaceMgr mgr) {
            if (delegated || meanCache == null || !covers(input, gamma, beta, format) || dGammaView == null) {
                return fallback.backpropGradient(input, epsilon, shape, gamma, beta, dGammaView, dBetaView, eps, format, mgr);
            }
            INDArray in = contiguous(input);
            INDArray dy = contiguous(epsilon.castTo(DataType.FLOAT));
            int c = (int) in.size(1);
            float[] mu = vector(meanCache);
            float[] invStd = vector(varCache);
            for (int ch = 0; ch < c; ch++) invStd[ch] = (float) (1 / Math.sqrt(invStd[ch] + eps));
            float[] dGamma = new float[c];
            float[] dBeta = new float[c];
            INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
            PlaneBatchNorm.backward(planes(in), planes(dy), planes(dx), mu, invStd, vector(gamma), dGamma, dBeta);
            put(dGammaView, dGamma);
            put(dBetaView, dBeta);
            Gradient grad = new DefaultGradient();
            grad.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
            grad.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
            return new Pair<>(grad, dx);
        }

        /** The batch statistics of the last training forward pass, outside workspaces (the layer reads them in backprop). */
        private void cache(float[] mu, float[] sigma2) {
            if (meanCache == null || meanCache.length() != mu.length) {
                try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                    meanCache = Nd4j.createUninitialized(DataType.FLOAT, mu.length);
                    varCache = Nd4j.createUninitialized(DataType.FLOAT, mu.length);
                }
            }
            put(meanCache, mu);
            put(varCache, sigma2);
        }

        @Override
        public INDArray getMeanCache(DataType dataType) {
            return delegated ? fallback.getMeanCache(dataType) : meanCache;
        }

        @Override
        public INDArray getVarCache(DataType dataType) {
            return delegated ? fallback.getVarCache(dataType) : varCache;
        }

        @Override
        public Map<String, Long> helperMemoryUse() {
            return fallback.helperMemoryUse();
        }

        private static INDArray contiguous(INDArray a) {
            return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) && !a.isView() ? a : a.dup('c');
        }

        private static PlaneBatchNorm.Planes planes(INDArray a) {
            FloatBuffer buf = a.data().asNioFloat();
            return new PlaneBatchNorm.Planes(buf, a.offset(), (int) a.size(0), (int) a.size(1), (int) (a.size(2) * a.size(3)));
        }

        private static float[] vector(INDArray a) {
            return a.dup().data().asFloat();
        }

        private static void put(INDArray target, float[] values) {
            for (int i = 0; i < values.length; i++) target.putScalar(i, values[i]);
        }
    }
}
