package fer.model;

import fer.data.Emotion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * face-api's FaceExpressionNet rebuilt as a DL4J {@link ComputationGraph}, from the weights its npm
 * package ships (see {@link TfjsWeights}).
 *
 * <p>The forward pass, as face-api's {@code FaceFeatureExtractor} + {@code FaceProcessor} define it: four
 * dense blocks (32, 64, 128, 256 channels), each
 * <pre>
 *   out1 = relu(conv0(x))                       conv0: stride 2, TF "same" padding (block 0: a plain 3×3
 *   out2 = conv1(out1)                                 convolution of the RGB input, else depthwise-separable)
 *   out3 = conv2(relu(out1 + out2))             conv1–3: 3×3 depthwise-separable, stride 1, "same", bias,
 *   out4 = conv3(relu(out1 + out2 + out3))             no activation of their own
 *   block = relu(out1 + out2 + out3 + out4)
 * </pre>
 * then a 7×7 average pool (stride 2, valid: 7×7 → 1×1), a fully connected layer 256 → 7 and softmax.
 * Input: {@code [N, 3, 112, 112]} RGB prepared by {@link #PREPROCESSING}.
 *
 * <p>The output layer's columns are permuted from face-api's label order ({@link #FACEAPI_LABELS}) to
 * the project's ({@link Emotion#FER2013}), so column {@code k} is {@code Emotion.ofLabel(k)} as for every
 * project model.
 */
public final class FaceApiExpressionNet {
    /** face-api's output order ({@code FACE_EXPRESSION_LABELS}). */
    public static final List<String> FACEAPI_LABELS =
            List.of("neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised");

    /** How face-api prepares a face: RGB, pad to square, resize to 112, subtract its mean RGB, divide by 255. */
    public static final InputPreprocessing PREPROCESSING = new InputPreprocessing(InputPreprocessing.Color.RGB, 112, 3,
            true, List.of(122.782, 117.001, 104.298), 1 / 255.0, InputPreprocessing.Resize.TF_BILINEAR);

    /** Input side (pixels). */
    public static final int SIDE = 112;

    private static final int[] WIDTHS = {32, 64, 128, 256};
    private static final String INPUT = "input";
    private static final String OUTPUT = "fc";

    private FaceApiExpressionNet() {}

    /** The project class a face-api label stands for ("fearful" → FEAR, ...). */
    public static Emotion emotionOf(String faceApiLabel) {
        return switch (faceApiLabel) {
            case "neutral" -> Emotion.NEUTRAL;
            case "happy" -> Emotion.HAPPY;
            case "sad" -> Emotion.SAD;
            case "angry" -> Emotion.ANGRY;
            case "fearful" -> Emotion.FEAR;
            case "disgusted" -> Emotion.DISGUST;
            case "surprised" -> Emotion.SURPRISE;
            default -> throw new IllegalArgumentException("Unknown face-api expression '" + faceApiLabel
                    + "': expected one of " + FACEAPI_LABELS);
        };
    }

    /** The graph's layout with untrained parameters (the importer overwrites all of them). */
    public static ComputationGraph emptyNetwork() {
        var g = new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT)
                .updater(new NoOp()) // imported for inference; nothing here is meant to train it
                .weightInit(WeightInit.XAVIER)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(SIDE, SIDE, 3));
        String in = INPUT;
        int channels = 3;
        for (int b = 0; b < WIDTHS.length; b++) {
            in = denseBlock(g, "dense" + b, in, channels, WIDTHS[b], b == 0);
            channels = WIDTHS[b];
        }
        // 7x7 -> 1x1; Truncate, because the global Same mode would otherwise pad the pool too
        g.addLayer("avgpool", new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(7, 7).stride(2, 2)
                .convolutionMode(ConvolutionMode.Truncate).build(), in);
        g.addLayer(OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(channels)
                .nOut(FACEAPI_LABELS.size()).activation(Activation.SOFTMAX).build(), "avgpool");
        g.setOutputs(OUTPUT);
        ComputationGraphConfiguration conf = g.build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    private static String denseBlock(ComputationGraphConfiguration.GraphBuilder g, String name, String in,
                                     int nIn, int nOut, boolean first) {
        String c0 = name + "_conv0";
        if (first) {
            g.addLayer(c0, new ConvolutionLayer.Builder(3, 3).stride(2, 2).nIn(nIn).nOut(nOut)
                    .activation(Activation.RELU).build(), in);
        } else {
            g.addLayer(c0, separable(nIn, nOut, 2, Activation.RELU), in);
        }
        List<String> sum = new ArrayList<>(List.of(c0));
        String next = c0;
        for (int k = 1; k <= 3; k++) {
            String conv = name + "_conv" + k;
            g.addLayer(conv, separable(nOut, nOut, 1, Activation.IDENTITY), next);
            sum.add(conv);
            String add = name + "_add" + k;
            g.addVertex(add, new ElementWiseVertex(ElementWiseVertex.Op.Add), sum.toArray(String[]::new));
            next = k == 3 ? name : name + "_relu" + k;
            g.addLayer(next, new ActivationLayer.Builder().activation(Activation.RELU).build(), add);
        }
        return next;
    }

    private static SeparableConvolution2D separable(int nIn, int nOut, int stride, Activation activation) {
        return new SeparableConvolution2D.Builder(3, 3).stride(stride, stride).depthMultiplier(1)
                .nIn(nIn).nOut(nOut).hasBias(true).activation(activation).build();
    }

    /**
     * The network with face-api's weights (TensorFlow layout, names as in face-api's weights manifest:
     * {@code dense0/conv0/filters}, {@code dense1/conv2/depthwise_filter}, {@code fc/weights}, ...), output
     * columns in the project's class order. Every weight of the manifest must be used and every parameter
     * of the network set.
     */
    public static ComputationGraph fromWeights(Map<String, INDArray> tf) {
        ComputationGraph net = emptyNetwork();
        List<String> unused = new ArrayList<>(tf.keySet());
        for (int b = 0; b < WIDTHS.length; b++) {
            for (int k = 0; k < 4; k++) {
                String tfName = "dense" + b + "/conv" + k;
                Layer layer = net.getLayer("dense" + b + "_conv" + k);
                if (b == 0 && k == 0) {
                    set(layer, "W", take(tf, unused, tfName + "/filters").permute(3, 2, 0, 1), tfName + "/filters");
                } else {
                    set(layer, "W", take(tf, unused, tfName + "/depthwise_filter").permute(3, 2, 0, 1), tfName + "/depthwise_filter");
                    set(layer, "pW", take(tf, unused, tfName + "/pointwise_filter").permute(3, 2, 0, 1), tfName + "/pointwise_filter");
                }
                set(layer, "b", take(tf, unused, tfName + "/bias"), tfName + "/bias");
            }
        }
        // the project's column k takes face-api's column of Emotion k
        int[] columns = faceApiColumnOfProjectClass();
        INDArray w = take(tf, unused, "fc/weights"), bias = take(tf, unused, "fc/bias");
        Layer fc = net.getLayer(OUTPUT);
        set(fc, "W", w.getColumns(columns), "fc/weights");
        set(fc, "b", bias.reshape(1, bias.length()).getColumns(columns), "fc/bias");
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("face-api weights not used by the network (not a FaceExpressionNet?): " + unused);
        }
        return net;
    }

    /** Project column order → face-api column, e.g. {@code 0 (ANGRY) → 3}. */
    public static int[] faceApiColumnOfProjectClass() {
        int[] out = new int[FACEAPI_LABELS.size()];
        for (int j = 0; j < out.length; j++) out[emotionOf(FACEAPI_LABELS.get(j)).label()] = j;
        return out;
    }

    private static INDArray take(Map<String, INDArray> tf, List<String> unused, String name) {
        INDArray a = tf.get(name);
        if (a == null) throw new IllegalArgumentException("face-api weights: no tensor '" + name + "' (have " + tf.keySet() + ")");
        unused.remove(name);
        return a;
    }

    private static boolean isVector(long[] shape) {
        return shape.length == 1 || shape.length == 2 && shape[0] == 1;
    }

    private static void set(Layer layer, String key, INDArray value, String tfName) {
        INDArray param = layer.getParam(key);
        long[] want = param.shape();
        INDArray v = value;
        if (!Arrays.equals(want, v.shape())) {
            // a bias may be [n] or [1, n] on either side; anything else is a real mismatch
            if (v.length() == param.length() && isVector(want) && isVector(v.shape())) {
                v = v.reshape(want);
            } else {
                throw new IllegalArgumentException("face-api weight " + tfName + ": shape " + Arrays.toString(value.shape())
                        + " does not fit layer " + layer.conf().getLayer().getLayerName() + " parameter " + key
                        + " " + Arrays.toString(want));
            }
        }
        param.assign(v.castTo(param.dataType()));
    }
}
