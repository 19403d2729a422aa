package fer.engine;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.util.ConvolutionUtils;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 2-D convolution identical to DL4J's, except that backpropagation does not run the forward
 * convolution a second time.
 *
 * <p>DL4J M2.1's {@code ConvolutionLayer.backpropGradient} recomputes the layer's pre-activation output
 * (a full forward convolution) only to get the activation's derivative. For identity and ReLU that
 * derivative follows from the forward output already held for the backward pass (ReLU(z) &gt; 0 exactly
 * where z &gt; 0), so this layer hands a copy of that output to the backward pass instead: one
 * convolution fewer per layer per training step (about a quarter of VGG16's training work). Anything
 * else (other activations, no oneDNN helper, a changed input) takes DL4J's original path.
 *
 * <p>The network's first convolution is also built with {@link #setInputGradient input gradient} off: nothing
 * uses the gradient with respect to the images during training (PyTorch skips it for inputs that do not
 * require a gradient), and for a 1- or 3-channel input it is the expensive half of oneDNN's backward pass
 * (its blocked layouts pad the channels to 16). That layer computes only its weight and bias gradients, as
 * im2col and one batched matrix product, and hands back no epsilon. Saliency ({@code fer.explain.GradientModel})
 * switches it back on.
 */
public class ReusingConvolution extends ConvolutionLayer {
    /** False: backpropagation computes weight and bias gradients only (the network's first layer). */
    private boolean inputGradient = true;

    /** For JSON deserialisation of saved models. */
    public ReusingConvolution() {
        super();
    }

    /** Built like DL4J's layer: {@code new ReusingConvolution(new ConvolutionLayer.Builder(3, 3)...)}. */
    public ReusingConvolution(ConvolutionLayer.Builder builder) {
        super(builder);
    }

    /** True (the default) when backpropagation also returns the gradient with respect to the layer's input. */
    public boolean isInputGradient() {
        return inputGradient;
    }

    /** Off for a network's first layer during training: see the class comment. */
    public void setInputGradient(boolean inputGradient) {
        this.inputGradient = inputGradient;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray params, boolean initializeParams, DataType dataType) {
        LayerValidation.assertNInNOutSet("ReusingConvolution", getLayerName(), layerIndex, getNIn(), getNOut());
        Impl layer = new Impl(conf, dataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(params);
        Map<String, INDArray> table = initializer().init(conf, params, initializeParams);
        layer.setParamTable(table);
        layer.setConf(conf);
        return layer;
    }

    /** The layer implementation: remembers its training-mode output for the backward pass. */
    static final class Impl extends org.deeplearning4j.nn.layers.convolution.ConvolutionLayer {
        private INDArray lastOutput;
        private INDArray lastInput;
        private long reused;
        private long weightOnly;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
            INDArray out = super.activate(training, mgr);
            boolean reusable = training && helper != null && derivableFromOutput(layerConf().getActivationFn());
            lastOutput = reusable ? out : null;
            lastInput = reusable ? input : null;
            return out;
        }

        @Override
        protected Pair<INDArray, INDArray> preOutput4d(boolean training, boolean forBackprop, LayerWorkspaceMgr mgr) {
            if (forBackprop && lastOutput != null && input == lastInput && helper != null) {
                // ReLU's backprop may write its result into the array it is given: hand it a copy. The identity
                // (conv → batch norm → ReLU blocks) leaves z untouched, so the output itself will do.
                INDArray z = layerConf().getActivationFn() instanceof ActivationIdentity ? lastOutput
                        : mgr.dup(ArrayType.BP_WORKING_MEM, lastOutput);
                lastOutput = null;
                lastInput = null;
                reused++;
                return new Pair<>(z, null);
            }
            return super.preOutput4d(training, forBackprop, mgr);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
            ReusingConvolution c = (ReusingConvolution) layerConf();
            boolean plain = c.getCnn2dDataFormat() == CNN2DFormat.NCHW && c.getIDropout() == null && c.getWeightNoise() == null
                    && c.getDilation()[0] == 1 && c.getDilation()[1] == 1 && input.dataType() == DataType.FLOAT
                    && epsilon.dataType() == DataType.FLOAT && dataType == DataType.FLOAT;
            if (c.isInputGradient() || !plain) return super.backpropGradient(epsilon, mgr);
            weightOnly++;
            return weightGradientOnly(c, epsilon, mgr);
        }

        /**
         * dL/dW[o, c, i, j] = Σ_{n, y, x} δ[n, o, y, x] · X[n, c, y·s + i − p, x·s + j − p]: im2col of the input
         * [N, C·kH·kW, oH·oW] against δ [N, O, oH·oW] as one batched product (transposed), summed over the batch;
         * dL/db[o] = Σ δ[n, o, ·, ·]. No gradient for the input.
         */
        private Pair<Gradient, INDArray> weightGradientOnly(ReusingConvolution c, INDArray epsilon, LayerWorkspaceMgr mgr) {
            INDArray x = input;
            int[] k = c.getKernelSize(), st = c.getStride(), dil = c.getDilation();
            boolean same = c.getConvolutionMode() == ConvolutionMode.Same;
            int[] outSize;
            int[] pad;
            if (same) {
                outSize = ConvolutionUtils.getOutputSize(x, k, st, null, ConvolutionMode.Same, dil, CNN2DFormat.NCHW);
                pad = ConvolutionUtils.getSameModeTopLeftPadding(outSize, new int[] {(int) x.size(2), (int) x.size(3)}, k, st, dil);
            } else {
                pad = c.getPadding();
                outSize = ConvolutionUtils.getOutputSize(x, k, st, pad, c.getConvolutionMode(), dil, CNN2DFormat.NCHW);
            }
            long n = x.size(0), ch = x.size(1), outCh = c.getNOut(), pixels = (long) outSize[0] * outSize[1];
            INDArray z = preOutput4d(true, true, mgr).getFirst();
            INDArray delta = c.getActivationFn().backprop(z, epsilon).getFirst();
            if (delta.ordering() != 'c' || delta.isView()) delta = mgr.dup(ArrayType.BP_WORKING_MEM, delta, 'c');

            INDArray col = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT,
                    new long[] {n, ch, k[0], k[1], outSize[0], outSize[1]}, 'c');
            Nd4j.exec(DynamicCustomOp.builder("im2col").addInputs(x).addOutputs(col)
                    .addIntegerArguments(k[0], k[1], st[0], st[1], pad[0], pad[1], 1, 1, same ? 1 : 0)
                    .addFloatingPointArguments(0.0).build());
            long taps = ch * k[0] * k[1];
            INDArray perImage = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT, new long[] {n, outCh, taps}, 'c');
            Nd4j.exec(DynamicCustomOp.builder("matmul")
                    .addInputs(delta.reshape('c', n, outCh, pixels), col.reshape('c', n, taps, pixels)).addOutputs(perImage)
                    .addIntegerArguments(0, 1, 0) // δ · colᵀ
                    .build());

            Gradient g = new DefaultGradient();
            if (c.hasBias()) {
                INDArray db = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
                delta.sum(db.reshape(outCh), 0, 2, 3);
                g.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, db);
            }
            INDArray dw = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY); // [O, C, kH, kW], c order
            perImage.sum(dw.reshape('c', outCh, taps), 0);
            g.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, dw, 'c');
            weightNoiseParams.clear();
            return new Pair<>(g, null);
        }

        /** How many backward passes computed weight gradients only (for tests). */
        long weightOnlyCount() {
            return weightOnly;
        }

        /** How many backward passes used the remembered output (for tests). */
        long reusedCount() {
            return reused;
        }

        private static boolean derivableFromOutput(IActivation fn) {
            return fn instanceof ActivationIdentity || fn instanceof ActivationReLU;
        }
    }
}
