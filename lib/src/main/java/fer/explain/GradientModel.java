package fer.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import fer.engine.BatchNormFolding;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * A copy of a trained network made for differentiating its class scores with respect to its input (and to
 * inner activations), which DL4J M2.1's {@code ComputationGraph} cannot do as it stands: it has no
 * {@code calculateGradients}, refuses external gradients at an output layer, clears every vertex's
 * gradient when backprop ends, and back-propagates batch norm with batch statistics even after an
 * inference-mode forward pass (so one image's gradient would depend on the others in its batch).
 *
 * <p>The copy (same weights; the original is left untouched):
 * <ul>
 *   <li>its softmax output layer becomes a dense layer with the same weights and an identity activation
 *       ({@link Score#LOGIT}: the pre-softmax class score) or softmax ({@link Score#PROBABILITY}), so a
 *       chosen output gradient (one-hot: "which class") can be fed in;</li>
 *   <li>each batch norm becomes the per-channel affine map it computes at inference (a 1x1 depthwise
 *       convolution, or a diagonal dense layer on flat activations);</li>
 *   <li>dropout and weight noise are removed, frozen layers are unwrapped, workspaces are off (arrays outlive the
 *       pass); the forward pass before a backward one runs in training mode, which in the copy computes the same
 *       function and lets {@code ReusingConvolution} skip a convolution per layer.</li>
 * </ul>
 * oneDNN helpers stay on as in training (convolutions and pooling go through them).
 */
public final class GradientModel {
    /** Which class score is differentiated. */
    public enum Score {
        /** The pre-softmax logit (the report's vanilla gradient; does not saturate). */
        LOGIT,
        /** The softmax probability. */
        PROBABILITY
    }

    /** One forward + backward pass: the scores, the input gradient (NCHW) and the requested inner vertices. */
    public record Backward(INDArray scores, INDArray inputGradient, Map<String, INDArray> activations,
                           Map<String, INDArray> gradients) {}

    private final KeptGraph graph;
    private final String input;
    private final String output;
    private final InputShape shape;
    private final Score score;
    private final Map<String, InputType> types;

    private GradientModel(KeptGraph graph, InputShape shape, Score score, Map<String, InputType> types) {
        this.graph = graph;
        this.input = graph.getConfiguration().getNetworkInputs().get(0);
        this.output = graph.getConfiguration().getNetworkOutputs().get(0);
        this.shape = shape;
        this.score = score;
        this.types = types;
    }

    /** A gradient copy of {@code net}, whose input is {@code shape}. */
    public static GradientModel of(ComputationGraph net, InputShape shape, Score score) {
        ComputationGraphConfiguration conf = net.getConfiguration().clone();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            throw new IllegalArgumentException("saliency needs a network with one input and one output, found inputs "
                    + conf.getNetworkInputs() + " and outputs " + conf.getNetworkOutputs());
        }
        InputType inType = InputType.convolutional(shape.height(), shape.width(), shape.channels(),
                shape.channelsLast() ? CNN2DFormat.NHWC : CNN2DFormat.NCHW);
        Map<String, InputType> types;
        try {
            types = conf.getLayerActivationTypes(inType);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the network does not accept a " + shape + " image: " + e.getMessage(), e);
        }
        conf.setTrainingWorkspaceMode(WorkspaceMode.NONE);
        conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
        String out = conf.getNetworkOutputs().get(0);
        Map<String, String> folded = foldable(conf);
        List<String> affine = new ArrayList<>();
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex lv)) continue;
            NeuralNetConfiguration nnc = lv.getLayerConf();
            Layer layer = BatchNormFolding.unfrozen(nnc.getLayer());
            layer.setIDropout(null);
            if (layer instanceof org.deeplearning4j.nn.conf.layers.BaseLayer bl) bl.setWeightNoise(null);
            if (folded.containsKey(e.getKey())) {
                // folded into the convolution before it: what is left is the identity
                layer = new ActivationLayer.Builder().activation(Activation.IDENTITY).build();
            } else if (layer instanceof BatchNormalization bn) {
                layer = affineFor(bn, types.get(e.getKey()));
                affine.add(e.getKey());
            }
            if (folded.containsValue(e.getKey())) ((ConvolutionLayer) layer).setHasBias(true);
            // the image gradient is what saliency is: training's first layer skips it
            if (layer instanceof fer.engine.ReusingConvolution rc) rc.setInputGradient(true);
            if (e.getKey().equals(out)) layer = scoreOutput(layer, score);
            layer.setLayerName(e.getKey());
            nnc.setLayer(layer);
        }
        KeptGraph g = new KeptGraph(conf);
        g.init();
        copyParams(net, g, affine);
        for (Map.Entry<String, String> f : folded.entrySet()) fold(net.getLayer(f.getKey()), g.getLayer(f.getValue()));
        return new GradientModel(g, shape, score, types);
    }

    /** A gradient copy of a {@link MultiLayerNetwork} (via DL4J's graph conversion). */
    public static GradientModel of(MultiLayerNetwork net, InputShape shape, Score score) {
        return of(net.toComputationGraph(), shape, score);
    }

    /** The image this model takes. */
    public InputShape inputShape() {
        return shape;
    }

    /** Which score is differentiated. */
    public Score score() {
        return score;
    }

    /** Number of class scores. */
    public int numClasses() {
        return (int) types.get(output).arrayElementsPerExample();
    }

    /** The class scores of a batch of NCHW images, {@code [n, classes]}. */
    public synchronized INDArray scores(INDArray x) {
        checkInput(x);
        INDArray out = graph.outputSingle(false, toNet(x.castTo(graph.getConfiguration().getDataType())));
        graph.clearLayersStates();
        return out;
    }

    /**
     * Forward and backward pass: {@code outputGradient} [n, classes] weights the class scores (one-hot rows:
     * the gradient of each image's chosen class); {@code at} names inner vertices whose activations and
     * activation gradients are returned too. Every image's gradient is independent of the rest of the batch.
     */
    public synchronized Backward backward(INDArray x, INDArray outputGradient, String... at) {
        checkInput(x);
        if (outputGradient.rank() != 2 || outputGradient.size(0) != x.size(0) || outputGradient.size(1) != numClasses()) {
            throw new IllegalArgumentException("output gradient: expected [" + x.size(0) + ", " + numClasses() + "], found "
                    + java.util.Arrays.toString(outputGradient.shape()));
        }
        org.nd4j.linalg.api.buffer.DataType dt = graph.getConfiguration().getDataType();
        try {
            // Training mode is the inference function here (no dropout, weight noise or batch norm is left in the copy)
            // and lets ReusingConvolution skip re-running each forward convolution during backprop.
            Map<String, INDArray> acts = graph.feedForward(new INDArray[] {toNet(x.castTo(dt))}, true, false);
            INDArray scores = acts.get(output).dup();
            graph.backpropKeepingGradients(outputGradient.castTo(dt));
            INDArray gin = graph.getVertex(input).getEpsilon();
            if (gin == null) throw new IllegalStateException("DL4J returned no input gradient for vertex " + input);
            Map<String, INDArray> a = new LinkedHashMap<>();
            Map<String, INDArray> g = new LinkedHashMap<>();
            for (String name : at) {
                INDArray eps = graph.getVertex(name) == null ? null : graph.getVertex(name).getEpsilon();
                if (eps == null) throw new IllegalArgumentException("no gradient reaches vertex '" + name + "'");
                a.put(name, acts.get(name).dup());
                g.put(name, eps.dup());
            }
            return new Backward(scores, fromNet(gin).dup(), a, g);
        } finally {
            graph.clearLayersStates();
        }
    }

    /**
     * The vertex Grad-CAM explains by default: the last convolutional feature map with more than one
     * spatial position that is not a pooling layer (VGG16: block5_conv3; the small CNN: relu4).
     */
    public String lastConvVertex() {
        String last = null;
        for (int i : graph.topologicalSortOrder()) {
            var v = graph.getVertices()[i];
            String name = v.getVertexName();
            if (!v.hasLayer() || !(types.get(name) instanceof InputType.InputTypeConvolutional c)) continue;
            if (c.getHeight() * c.getWidth() <= 1) continue;
            Layer l = v.getLayer().conf().getLayer();
            if (l instanceof SubsamplingLayer || l instanceof GlobalPoolingLayer || l instanceof Subsampling3DLayer) continue;
            last = name;
        }
        if (last == null) throw new IllegalStateException("the network has no convolutional feature map for Grad-CAM");
        return last;
    }

    /** The activation type of a vertex (e.g. its feature map's size), as DL4J infers it for this input. */
    public InputType activationType(String vertex) {
        InputType t = types.get(vertex);
        if (t == null) throw new IllegalArgumentException("no vertex '" + vertex + "' in the network; vertices: " + types.keySet());
        return t;
    }

    private void checkInput(INDArray x) {
        if (x.rank() != 4 || x.size(1) != shape.channels() || x.size(2) != shape.height() || x.size(3) != shape.width()) {
            throw new IllegalArgumentException("images: expected [n, " + shape.channels() + ", " + shape.height() + ", "
                    + shape.width() + "] (NCHW, the model's " + shape + " input), found " + java.util.Arrays.toString(x.shape()));
        }
    }

    private INDArray toNet(INDArray nchw) {
        return shape.channelsLast() ? nchw.permute(0, 2, 3, 1).dup() : nchw;
    }

    private INDArray fromNet(INDArray net) {
        return shape.channelsLast() ? net.permute(0, 3, 1, 2) : net;
    }


    /** The output layer as a layer that takes an external gradient, scoring logits or probabilities. */
    private static Layer scoreOutput(Layer l, Score score) {
        boolean softmax = activationOf(l) instanceof ActivationSoftmax;
        // A non-softmax output (e.g. already logits) is differentiated as it is, for either score.
        IActivation act = !softmax ? activationOf(l)
                : score == Score.LOGIT ? Activation.IDENTITY.getActivationFunction() : Activation.SOFTMAX.getActivationFunction();
        if (l instanceof BaseOutputLayer o) {
            return new DenseLayer.Builder().nIn(o.getNIn()).nOut(o.getNOut()).hasBias(o.hasBias()).activation(act)
                    .weightInit(WeightInit.XAVIER).updater(new NoOp()).build();
        }
        if (l instanceof LossLayer) return new ActivationLayer.Builder().activation(act).build();
        if (l instanceof org.deeplearning4j.nn.conf.layers.BaseLayer b) {
            b.setActivationFn(act);
            return b;
        }
        if (l instanceof ActivationLayer a) {
            a.setActivationFn(act);
            return a;
        }
        throw new IllegalArgumentException("output layer " + l.getLayerName() + " (" + l.getClass().getSimpleName()
                + ") is not a layer saliency knows how to differentiate");
    }

    private static IActivation activationOf(Layer l) {
        if (l instanceof org.deeplearning4j.nn.conf.layers.BaseLayer b) return b.getActivationFn();
        if (l instanceof ActivationLayer a) return a.getActivationFn();
        if (l instanceof LossLayer ll) return ll.getActivationFn();
        return Activation.IDENTITY.getActivationFunction();
    }

    /**
     * Batch norms that can be folded into the plain convolution feeding them (conv with identity activation whose
     * only consumer is the batch norm: the usual conv, BN, ReLU block), by batch-norm name. Folding costs nothing at
     * run time; the 1x1 depthwise stand-in used otherwise is slow to back-propagate in libnd4j.
     */
    private static Map<String, String> foldable(ComputationGraphConfiguration conf) {
        Map<String, Integer> consumers = new java.util.HashMap<>();
        for (List<String> ins : conf.getVertexInputs().values()) for (String in : ins) consumers.merge(in, 1, Integer::sum);
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex lv) || lv.getPreProcessor() != null) continue;
            if (!(BatchNormFolding.unfrozen(lv.getLayerConf().getLayer()) instanceof BatchNormalization)) continue;
            List<String> ins = conf.getVertexInputs().get(e.getKey());
            if (ins == null || ins.size() != 1) continue;
            String prev = ins.get(0);
            if (!(conf.getVertices().get(prev) instanceof LayerVertex pv)) continue;
            Layer pl = BatchNormFolding.unfrozen(pv.getLayerConf().getLayer());
            boolean plainConv = pl.getClass() == ConvolutionLayer.class || pl.getClass() == fer.engine.ReusingConvolution.class;
            if (plainConv && ((ConvolutionLayer) pl).getActivationFn() instanceof org.nd4j.linalg.activations.impl.ActivationIdentity
                    && consumers.getOrDefault(prev, 0) == 1 && !conf.getNetworkOutputs().contains(prev)) {
                out.put(e.getKey(), prev);
            }
        }
        return out;
    }

    /** Scales the copied convolution's kernels and bias per output channel by the batch norm's affine map. */
    private static void fold(org.deeplearning4j.nn.api.Layer bn, org.deeplearning4j.nn.api.Layer conv) {
        BatchNormFolding.fold(conv.getParam("W"), conv.getParam("b"), BatchNormFolding.affine(bn));
    }

    /** Batch norm at inference is y = a * x + b per channel: the same map as a layer with an honest gradient. */
    private static Layer affineFor(BatchNormalization bn, InputType type) {
        if (type instanceof InputType.InputTypeConvolutional c) {
            return new DepthwiseConvolution2D.Builder(1, 1).stride(1, 1).depthMultiplier(1)
                    .nIn(c.getChannels()).nOut(c.getChannels()).hasBias(true).activation(Activation.IDENTITY)
                    .dataFormat(bn.getCnn2DFormat()).convolutionMode(ConvolutionMode.Truncate)
                    .weightInit(WeightInit.XAVIER).updater(new NoOp()).build();
        }
        long n = type.arrayElementsPerExample();
        return new DenseLayer.Builder().nIn(n).nOut(n).hasBias(true).activation(Activation.IDENTITY)
                .weightInit(WeightInit.XAVIER).updater(new NoOp()).build();
    }

    private static void copyParams(ComputationGraph from, ComputationGraph to, List<String> affine) {
        for (var v : from.getVertices()) {
            if (!v.hasLayer() || v.getLayer().numParams() == 0) continue;
            String name = v.getVertexName();
            org.deeplearning4j.nn.api.Layer src = v.getLayer();
            org.deeplearning4j.nn.api.Layer dst = to.getLayer(name);
            if (affine.contains(name)) {
                copyAffine(src, dst);
                continue;
            }
            if (dst.numParams() == 0) continue; // a batch norm folded into its convolution
            for (Map.Entry<String, INDArray> p : src.paramTable().entrySet()) {
                INDArray d = dst.getParam(p.getKey());
                if (d == null || d.length() != p.getValue().length()) {
                    throw new IllegalStateException("layer " + name + ": parameter " + p.getKey() + " has no counterpart in the gradient copy");
                }
                d.assign(p.getValue().reshape(d.shape()));
            }
        }
    }

    /** Mirrors DL4J's inference-mode batch norm: std = sqrt(var + eps), var from log10(std) when so stored. */
    private static void copyAffine(org.deeplearning4j.nn.api.Layer src, org.deeplearning4j.nn.api.Layer dst) {
        INDArray[] ab = BatchNormFolding.affine(src);
        INDArray scale = ab[0], shift = ab[1];
        INDArray w = dst.getParam("W");
        if (dst.conf().getLayer() instanceof DenseLayer) {
            w.assign(Nd4j.diag(scale).castTo(w.dataType()));
        } else {
            w.assign(scale.castTo(w.dataType()).reshape(w.shape()));
        }
        INDArray b = dst.getParam("b");
        b.assign(shift.castTo(b.dataType()).reshape(b.shape()));
    }


    /** A graph whose backward pass leaves each vertex's activation gradient in place until cleared. */
    private static final class KeptGraph extends ComputationGraph {
        KeptGraph(ComputationGraphConfiguration conf) {
            super(conf);
        }

        void backpropKeepingGradients(INDArray outputGradient) {
            calcBackpropGradients(false, false, outputGradient);
        }
    }
}
