package fer.model;

import fer.engine.FastBatchNormalization;
import fer.engine.FastRelu;
import fer.engine.ReusingConvolution;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Builds the study's networks as DL4J computation graphs with Keras' layer names, so that Keras
 * weight files map onto them by name and the VGG16 base can be found by any tool.
 *
 * <p>The input vertex is {@value #INPUT}, the softmax output {@value #OUTPUT}. Weights start from
 * Glorot-uniform (Keras' default); pretrained ImageNet weights are applied by {@link PretrainedWeights}.
 */
public final class Models {
    /** Name of the input vertex. */
    public static final String INPUT = "input";
    /** Name of the softmax output layer. */
    public static final String OUTPUT = "predictions";
    /** The last vertex of the VGG16 base (5th max pooling). */
    public static final String VGG_BASE_END = "block5_pool";
    /** Number of 3x3 convolutions per VGG16 block. */
    static final int[] VGG_CONVS_PER_BLOCK = {2, 2, 3, 3, 3};

    private Models() {}

    /** The network for {@code spec}, initialised, training with {@code optimizer}. */
    public static ComputationGraph build(ModelSpec spec, Optimizer optimizer) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .updater(optimizer.toUpdater())
                .weightInit(WeightInit.XAVIER_UNIFORM)
                // workspaces on: the fast path measured in STACK-NOTES
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(spec.inputSide(), spec.inputSide(), spec.channels()));
        String last = switch (spec.architecture()) {
            case BASELINE -> vggBase(g, spec);
            case CUSTOM -> customHead(g, vggBase(g, spec), spec);
            case SMALL -> smallCnn(g, spec);
        };
        LossMCXENT loss = crossEntropy(spec.classWeights());
        g.addLayer(OUTPUT, new OutputLayer.Builder(loss).nOut(spec.numClasses()).activation(Activation.SOFTMAX).build(), last)
                .setOutputs(OUTPUT);
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return spec.freezeBase() && spec.architecture().usesVgg() ? freezeBase(net) : net;
    }

    /**
     * The categorical cross-entropy of the softmax output, as Keras computes it in {@code fit}: from the logits (Keras
     * takes them from the softmax layer), so no clipping. DL4J's default clips the probability at 1e-10 (a loss of at
     * most 23.0 per image); here only at the smallest float, so the loss is Keras' until the softmax itself underflows
     * (a logit gap beyond ~87), where it stops at 103.3. The gradient, softmax − label, is the same either way.
     *
     * @param classWeights per-class weights (class balancing), or null
     */
    public static LossMCXENT crossEntropy(double[] classWeights) {
        return new LossMCXENT(Float.MIN_VALUE, classWeights == null ? null : Nd4j.create(classWeights).reshape(1, classWeights.length));
    }

    /** A copy-free view of {@code net} whose VGG16 base layers are frozen (no gradient, no update). */
    public static ComputationGraph freezeBase(ComputationGraph net) {
        return new TransferLearning.GraphBuilder(net).setFeatureExtractor(VGG_BASE_END).build();
    }

    /** Names of the 13 VGG16 convolution layers, in order: {@code block1_conv1 … block5_conv3}. */
    public static List<String> vggConvNames() {
        List<String> names = new ArrayList<>();
        for (int b = 0; b < VGG_CONVS_PER_BLOCK.length; b++) {
            for (int c = 1; c <= VGG_CONVS_PER_BLOCK[b]; c++) names.add("block" + (b + 1) + "_conv" + c);
        }
        return names;
    }

    /**
     * Adds VGG16's convolutional base (Keras' include_top=False) and returns its last vertex. With
     * {@link ModelSpec#batchNorm()} each convolution is followed by {@code blockB_bnC} and {@code blockB_reluC}
     * (torchvision's {@code vgg16_bn} order: conv, batch norm, ReLU); the convolutions keep Keras' names either way.
     */
    private static String vggBase(ComputationGraphConfiguration.GraphBuilder g, ModelSpec spec) {
        String in = INPUT;
        for (int b = 0; b < VGG_CONVS_PER_BLOCK.length; b++) {
            int filters = spec.baseWidth() * Math.min(1 << b, 8); // 64, 128, 256, 512, 512 at full width
            for (int c = 1; c <= VGG_CONVS_PER_BLOCK[b]; c++) {
                String name = "block" + (b + 1) + "_conv" + c;
                if (spec.batchNorm()) {
                    String bn = "block" + (b + 1) + "_bn" + c;
                    String relu = "block" + (b + 1) + "_relu" + c;
                    g.addLayer(name, conv(filters, Activation.IDENTITY, in), in)
                            .addLayer(bn, FastBatchNormalization.create(), name)
                            .addLayer(relu, new ActivationLayer.Builder().activation(FastRelu.create()).build(), bn);
                    in = relu;
                } else {
                    g.addLayer(name, conv(filters, Activation.RELU, in), in);
                    in = name;
                }
            }
            String pool = "block" + (b + 1) + "_pool";
            // Truncate, not Same: Keras' 'valid' pooling takes 3x3 to 1x1 at 48x48 input (STACK-NOTES).
            g.addLayer(pool, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                    .convolutionMode(ConvolutionMode.Truncate).build(), in);
            in = pool;
        }
        return in;
    }

    /** True for the layers of the VGG16 base ({@code block1_conv1} … {@code block5_pool}, batch norms included). */
    public static boolean isBaseLayer(String name) {
        return name.matches("block[1-5]_.+");
    }

    /**
     * A 3x3 'same' convolution reading vertex {@code in}. {@link ReusingConvolution} saves a forward convolution
     * per training step, and the one reading the images computes no input gradient;
     * {@code -Dfer.conv.reuse=false} selects DL4J's stock layer (for comparisons).
     */
    static org.deeplearning4j.nn.conf.layers.ConvolutionLayer conv(int filters, Activation activation, String in) {
        ConvolutionLayer.Builder b = new ConvolutionLayer.Builder(3, 3).stride(1, 1).nOut(filters)
                .convolutionMode(ConvolutionMode.Same)
                .activation(activation == Activation.RELU ? FastRelu.create() : activation.getActivationFunction());
        if (!Boolean.parseBoolean(System.getProperty("fer.conv.reuse", "true"))) return b.build();
        ReusingConvolution c = new ReusingConvolution(b);
        c.setInputGradient(!in.equals(INPUT));
        return c;
    }

    /** GAP, Dense 4096 ReLU, Dropout, Dense 1024 ReLU, Dropout (Section 6.5); a third dense layer when Table 2's search asks. */
    private static String customHead(ComputationGraphConfiguration.GraphBuilder g, String base, ModelSpec spec) {
        Activation act = Activation.fromString(spec.denseActivation());
        g.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), base)
                .addLayer("fc1", new DenseLayer.Builder().nOut(spec.dense1()).activation(act).build(), "gap")
                // DL4J's dropout argument is the probability of KEEPING a unit: 1 - Keras' rate.
                .addLayer("dropout1", new DropoutLayer.Builder(1 - spec.dropout1()).build(), "fc1")
                .addLayer("fc2", new DenseLayer.Builder().nOut(spec.dense2()).activation(act).build(), "dropout1")
                .addLayer("dropout2", new DropoutLayer.Builder(1 - spec.dropout2()).build(), "fc2");
        if (spec.dense3() == 0) return "dropout2";
        g.addLayer("fc3", new DenseLayer.Builder().nOut(spec.dense3()).activation(act).build(), "dropout2")
                .addLayer("dropout3", new DropoutLayer.Builder(1 - spec.dropout3()).build(), "fc3");
        return "dropout3";
    }

    /** The peer benchmark's small CNN: 4 x (conv3x3, batch norm, ReLU, max-pool 2), Dense, Dropout. */
    private static String smallCnn(ComputationGraphConfiguration.GraphBuilder g, ModelSpec spec) {
        String in = INPUT;
        int[] filters = {32, 64, 128, 256};
        for (int b = 0; b < filters.length; b++) {
            String k = String.valueOf(b + 1);
            g.addLayer("conv" + k, conv(filters[b], Activation.IDENTITY, in), in)
                    .addLayer("bn" + k, FastBatchNormalization.create(), "conv" + k)
                    .addLayer("relu" + k, new ActivationLayer.Builder().activation(FastRelu.create()).build(), "bn" + k)
                    .addLayer("pool" + k, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                            .convolutionMode(ConvolutionMode.Truncate).build(), "relu" + k);
            in = "pool" + k;
        }
        g.addLayer("fc1", new DenseLayer.Builder().nOut(spec.dense2()).activation(Activation.RELU).build(), in)
                .addLayer("dropout1", new DropoutLayer.Builder(1 - spec.dropout1()).build(), "fc1");
        return "dropout1";
    }

    /** A one-line summary: architecture, parameter count (total and trainable). */
    public static String describe(ComputationGraph net) {
        long total = net.numParams();
        long trainable = trainableParams(net);
        return String.format("%,d parameters (%,d trainable)", total, trainable);
    }

    /** Parameters that receive updates (excludes frozen layers). */
    public static long trainableParams(ComputationGraph net) {
        long n = 0;
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
            if (!(l instanceof org.deeplearning4j.nn.layers.FrozenLayer)
                    && !(l instanceof org.deeplearning4j.nn.layers.FrozenLayerWithBackprop)) {
                n += l.numParams();
            }
        }
        return n;
    }
}
