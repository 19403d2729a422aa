package fer.model;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

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
 */
public class ReusingConvolution extends ConvolutionLayer {
    /** For JSON deserialisation of saved models. */
    public ReusingConvolution() {
        super();
    }

    /** Built like DL4J's layer: {@code new ReusingConvolution(new ConvolutionLayer.Builder(3, 3)...)}. */
    public ReusingConvolution(ConvolutionLayer.Builder builder) {
        super(builder);
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

        /** How many backward passes used the remembered output (for tests). */
        long reusedCount() {
            return reused;
        }

        private static boolean derivableFromOutput(IActivation fn) {
            return fn instanceof ActivationIdentity || fn instanceof ActivationReLU;
        }
    }
}
