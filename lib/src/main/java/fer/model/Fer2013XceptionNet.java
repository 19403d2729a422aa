package fer.model;

import fer.data.Emotion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * oarriaga/face_classification's FER-2013 emotion CNN (a mini-Xception: two plain convolutions, two residual
 * blocks of depthwise-separable convolutions, a 3×3 convolution to 7 maps, global average pooling, softmax),
 * rebuilt as a DL4J {@link ComputationGraph} from the TensorFlow.js graph model in {@link HumanModelsPackage}.
 * The converter folded every batch norm into the convolution before it, so each convolution has a bias.
 *
 * <pre>
 *   x: 64×64×1 gray in [-1, 1]
 *   conv1 3×3/2 valid relu (32) → conv2 3×3 valid relu (64)                               31 → 29
 *   block(c): res = conv 1×1/2 same (c); main = sep 3×3 relu (c) → sep 3×3 (c) → maxpool 3×3/2 same; main + res
 *   block(128) → relu → block(256) (its shortcut from the sum before the relu)            29 → 15 → 8
 *   conv5 3×3 same (7) → global average → softmax
 * </pre>
 *
 * The importer checks the graph's wiring, strides, padding and fused activations against this layout and uses
 * every weight; any other graph is refused. Output columns are FER-2013's order (the model's own, as
 * {@code @vladmandic/human}'s {@code src/gear/emotion.ts} names them), so column {@code k} is {@code Emotion.ofLabel(k)}.
 */
public final class Fer2013XceptionNet {
    /** The model's output order (FER-2013's), as {@code @vladmandic/human} labels it. */
    public static final List<String> LABELS = List.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");

    /**
     * How {@code @vladmandic/human} prepares a face for it: bilinear resize of the colour crop to 64×64 (TensorFlow's), gray
     * = 0.2989 R + 0.587 G + 0.114 B after the resize ({@link InputPreprocessing.Color#LUMA}), then
     * {@code (gray/255 − 0.5) · 2} = {@code (gray − 127.5) / 127.5}, in [-1, 1].
     */
    public static final InputPreprocessing PREPROCESSING = new InputPreprocessing(InputPreprocessing.Color.LUMA, 64, 1,
            false, List.of(127.5), 1 / 127.5, InputPreprocessing.Resize.TF_BILINEAR);

    /** Input side (pixels). */
    public static final int SIDE = 64;

    private static final String PREFIX = "StatefulPartitionedCall/model_1/";
    private static final String INPUT = "input";
    private static final String OUTPUT = "predictions";

    private Fer2013XceptionNet() {}

    /** One DL4J layer and the TensorFlow node(s) it stands for. */
    private record Step(String layer, Kind kind, String in, int nIn, int nOut, int kernel, int stride, boolean same,
                        boolean relu, String tfNode, String tfDepthwise) {}

    private enum Kind { CONV, SEPARABLE }

    /** The layers with weights, in order; tfNode without {@link #PREFIX}. */
    private static final List<Step> STEPS = List.of(
            new Step("conv1", Kind.CONV, INPUT, 1, 32, 3, 2, false, true, "block1_conv1_act/Relu", null),
            new Step("conv2", Kind.CONV, "conv1", 32, 64, 3, 1, false, true, "block1_conv2_act/Relu", null),
            new Step("res1", Kind.CONV, "conv2", 64, 128, 1, 2, true, false, "batch_normalization_1/FusedBatchNormV3", null),
            new Step("sep1", Kind.SEPARABLE, "conv2", 64, 128, 3, 1, true, true, "block2_sepconv2_act/Relu",
                    "separable_conv2d_1/separable_conv2d/depthwise"),
            new Step("sep2", Kind.SEPARABLE, "sep1", 128, 128, 3, 1, true, false, "block2_sepconv2_bn/FusedBatchNormV3",
                    "separable_conv2d_2/separable_conv2d/depthwise"),
            new Step("res2", Kind.CONV, "add1", 128, 256, 1, 2, true, false, "batch_normalization_2/FusedBatchNormV3", null),
            new Step("sep3", Kind.SEPARABLE, "relu1", 128, 256, 3, 1, true, true, "block3_sepconv2_act/Relu",
                    "separable_conv2d_3/separable_conv2d/depthwise"),
            new Step("sep4", Kind.SEPARABLE, "sep3", 256, 256, 3, 1, true, false, "block3_sepconv2_bn/FusedBatchNormV3",
                    "separable_conv2d_4/separable_conv2d/depthwise"),
            new Step("conv5", Kind.CONV, "add2", 256, 7, 3, 1, true, false, "conv2d_5/BiasAdd", null));

    /** The TensorFlow node each DL4J vertex without weights stands for (for the wiring check). */
    private static final Map<String, String> OTHER_NODES = Map.of(INPUT, "input_1", "pool1", PREFIX + "max_pooling2d_1/MaxPool",
            "add1", PREFIX + "add_1/add", "relu1", PREFIX + "block3_sepconv1_act/Relu", "pool2", PREFIX + "max_pooling2d_2/MaxPool",
            "add2", PREFIX + "add_2/add");

    /** The graph's layout with untrained parameters (the importer overwrites all of them). */
    public static ComputationGraph emptyNetwork() {
        var g = new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT)
                .updater(new NoOp()) // imported for inference
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(SIDE, SIDE, 1));
        for (Step s : STEPS) {
            ConvolutionMode mode = s.same() ? ConvolutionMode.Same : ConvolutionMode.Truncate;
            Activation act = s.relu() ? Activation.RELU : Activation.IDENTITY;
            var layer = s.kind() == Kind.CONV
                    ? new ConvolutionLayer.Builder(s.kernel(), s.kernel()).stride(s.stride(), s.stride()).convolutionMode(mode)
                            .nIn(s.nIn()).nOut(s.nOut()).activation(act).build()
                    : new SeparableConvolution2D.Builder(s.kernel(), s.kernel()).stride(s.stride(), s.stride()).depthMultiplier(1)
                            .convolutionMode(mode).nIn(s.nIn()).nOut(s.nOut()).hasBias(true).activation(act).build();
            g.addLayer(s.layer(), layer, s.in());
            switch (s.layer()) {
                case "sep2" -> {
                    g.addLayer("pool1", maxPool(), "sep2");
                    g.addVertex("add1", new ElementWiseVertex(ElementWiseVertex.Op.Add), "pool1", "res1");
                    g.addLayer("relu1", new ActivationLayer.Builder().activation(Activation.RELU).build(), "add1");
                }
                case "sep4" -> {
                    g.addLayer("pool2", maxPool(), "sep4");
                    g.addVertex("add2", new ElementWiseVertex(ElementWiseVertex.Op.Add), "pool2", "res2");
                }
                default -> { }
            }
        }
        g.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv5");
        // softmax as an activation layer: the graph has no loss (imported for inference), and a LossLayer would
        // leave its output size unknown (DL4J warns "Assigning a size of zero" at every load)
        g.addLayer(OUTPUT, new ActivationLayer.Builder().activation(Activation.SOFTMAX).build(), "gap");
        g.setOutputs(OUTPUT);
        ComputationGraphConfiguration conf = g.build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    private static SubsamplingLayer maxPool() {
        return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2).convolutionMode(ConvolutionMode.Same).build();
    }

    /**
     * The network with the graph model's weights, after checking that the graph is this layout: each layer's
     * TensorFlow node exists with the expected op, input, strides, padding and fused activation, and every weight
     * is used. Output columns are FER-2013's order as stored.
     */
    public static ComputationGraph fromGraphModel(HumanModelsPackage.GraphModel model) {
        Map<String, JsonNode> nodes = new HashMap<>();
        for (JsonNode n : model.topology().path("node")) nodes.put(n.path("name").asText(), n);
        String src = model.source();
        Map<String, INDArray> weights = model.weights();
        Set<String> unused = new LinkedHashSet<>(weights.keySet());
        Set<String> unmatched = new LinkedHashSet<>();
        nodes.forEach((name, n) -> {
            if (!n.path("op").asText().equals("Const")) unmatched.add(name);
        });
        ComputationGraph net = emptyNetwork();
        Map<String, String> tfOf = new HashMap<>(OTHER_NODES);
        STEPS.forEach(s -> tfOf.put(s.layer(), PREFIX + s.tfNode()));
        for (Step s : STEPS) {
            Layer layer = net.getLayer(s.layer());
            JsonNode conv = node(nodes, PREFIX + s.tfNode(), "_FusedConv2D", src);
            unmatched.remove(PREFIX + s.tfNode());
            expectFused(conv, s.relu() ? List.of("BiasAdd", "Relu") : List.of("BiasAdd"), src);
            if (s.kind() == Kind.CONV) {
                expectInput(conv, 0, tfOf.get(s.in()), src);
                expectGeometry(conv, s.stride(), s.same(), src);
                set(layer, "W", take(weights, unused, input(conv, 1)).permute(3, 2, 0, 1), input(conv, 1));
            } else {
                JsonNode dw = node(nodes, PREFIX + s.tfDepthwise(), "DepthwiseConv2dNative", src);
                unmatched.remove(PREFIX + s.tfDepthwise());
                expectInput(dw, 0, tfOf.get(s.in()), src);
                expectGeometry(dw, s.stride(), s.same(), src);
                expectInput(conv, 0, PREFIX + s.tfDepthwise(), src);
                expectGeometry(conv, 1, false, src); // the pointwise half: 1x1, nothing to pad
                set(layer, "W", take(weights, unused, input(dw, 1)).permute(3, 2, 0, 1), input(dw, 1));
                set(layer, "pW", take(weights, unused, input(conv, 1)).permute(3, 2, 0, 1), input(conv, 1));
            }
            set(layer, "b", take(weights, unused, input(conv, 2)), input(conv, 2));
        }
        // the parameter-free rest: pools, sums, the relu between the blocks, the head
        for (String pool : List.of("pool1", "pool2")) {
            JsonNode p = node(nodes, OTHER_NODES.get(pool), "MaxPool", src);
            expectInput(p, 0, tfOf.get(pool.equals("pool1") ? "sep2" : "sep4"), src);
            expectGeometry(p, 2, true, src);
            if (!ints(p.path("attr").path("ksize")).equals(List.of(1, 3, 3, 1))) throw new IllegalArgumentException(src + ": " + p.path("name").asText() + ": expected a 3x3 pool");
            unmatched.remove(OTHER_NODES.get(pool));
        }
        expectInputs(node(nodes, OTHER_NODES.get("add1"), "AddV2", src), List.of(tfOf.get("pool1"), tfOf.get("res1")), src);
        expectInputs(node(nodes, OTHER_NODES.get("add2"), "AddV2", src), List.of(tfOf.get("pool2"), tfOf.get("res2")), src);
        expectInputs(node(nodes, OTHER_NODES.get("relu1"), "Relu", src), List.of(tfOf.get("add1")), src);
        JsonNode mean = node(nodes, PREFIX + "global_average_pooling2d_1/Mean", "Mean", src);
        expectInput(mean, 0, tfOf.get("conv5"), src);
        INDArray axes = take(weights, unused, input(mean, 1));
        if (!Arrays.equals(axes.toIntVector(), new int[] {1, 2})) throw new IllegalArgumentException(src + ": global pooling over axes " + axes + ", expected [1, 2]");
        expectInputs(node(nodes, PREFIX + "predictions/Softmax", "Softmax", src), List.of(mean.path("name").asText()), src);
        node(nodes, "input_1", "Placeholder", src);
        unmatched.removeAll(List.of("input_1", "add1", mean.path("name").asText(), PREFIX + "predictions/Softmax", "Identity",
                OTHER_NODES.get("add1"), OTHER_NODES.get("add2"), OTHER_NODES.get("relu1")));
        if (!unmatched.isEmpty()) throw new IllegalArgumentException(src + ": nodes the DL4J layout does not have: " + unmatched);
        if (!unused.isEmpty()) throw new IllegalArgumentException(src + ": weights not used by the network: " + unused);
        return net;
    }

    /** The project class of each output column: FER-2013's order, checked against {@link #LABELS}. */
    public static List<Emotion> classes() {
        List<Emotion> out = new ArrayList<>();
        for (String l : LABELS) out.add(Emotion.valueOf(l.toUpperCase(java.util.Locale.ROOT)));
        return out;
    }

    private static JsonNode node(Map<String, JsonNode> nodes, String name, String op, String src) {
        JsonNode n = nodes.get(name);
        if (n == null) throw new IllegalArgumentException(src + ": no node " + name + " (not oarriaga's mini-Xception?)");
        if (!n.path("op").asText().equals(op)) throw new IllegalArgumentException(src + ": node " + name + " is " + n.path("op").asText() + ", expected " + op);
        return n;
    }

    private static String input(JsonNode n, int i) {
        return n.path("input").path(i).asText();
    }

    private static void expectInput(JsonNode n, int i, String want, String src) {
        if (!input(n, i).equals(want)) {
            throw new IllegalArgumentException(src + ": node " + n.path("name").asText() + " input " + i + " is " + input(n, i) + ", expected " + want);
        }
    }

    private static void expectInputs(JsonNode n, List<String> want, String src) {
        List<String> have = new ArrayList<>();
        n.path("input").forEach(x -> have.add(x.asText()));
        if (!new LinkedHashSet<>(have).equals(new LinkedHashSet<>(want))) {
            throw new IllegalArgumentException(src + ": node " + n.path("name").asText() + " takes " + have + ", expected " + want);
        }
    }

    private static void expectGeometry(JsonNode n, int stride, boolean same, String src) {
        JsonNode a = n.path("attr");
        String padding = text(a.path("padding"));
        List<Integer> strides = ints(a.path("strides"));
        if (!strides.equals(List.of(1, stride, stride, 1)) || !padding.equals(same ? "SAME" : "VALID") || !text(a.path("data_format")).equals("NHWC")) {
            throw new IllegalArgumentException(src + ": node " + n.path("name").asText() + " has strides " + strides + ", padding " + padding
                    + ", expected [1, " + stride + ", " + stride + ", 1], " + (same ? "SAME" : "VALID") + ", NHWC");
        }
        List<Integer> dil = ints(a.path("dilations"));
        if (!dil.isEmpty() && !dil.equals(List.of(1, 1, 1, 1))) throw new IllegalArgumentException(src + ": node " + n.path("name").asText() + " is dilated " + dil);
    }

    private static void expectFused(JsonNode n, List<String> ops, String src) {
        List<String> have = new ArrayList<>();
        n.path("attr").path("fused_ops").path("list").path("s").forEach(s -> have.add(decode(s.asText())));
        if (!have.equals(ops)) throw new IllegalArgumentException(src + ": node " + n.path("name").asText() + " fuses " + have + ", expected " + ops);
    }

    private static String text(JsonNode attr) {
        return attr.has("s") ? decode(attr.get("s").asText()) : "";
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    private static List<Integer> ints(JsonNode attr) {
        List<Integer> out = new ArrayList<>();
        attr.path("list").path("i").forEach(i -> out.add(Integer.parseInt(i.asText())));
        return out;
    }

    private static INDArray take(Map<String, INDArray> w, Set<String> unused, String name) {
        INDArray a = w.get(name);
        if (a == null) throw new IllegalArgumentException("fer2013-xception weights: no tensor '" + name + "'");
        unused.remove(name);
        return a;
    }

    private static void set(Layer layer, String key, INDArray value, String tfName) {
        INDArray param = layer.getParam(key);
        INDArray v = value;
        if (!Arrays.equals(param.shape(), v.shape())) {
            if (v.length() == param.length() && (v.rank() == 1 || v.size(0) == 1) && param.size(0) == 1) {
                v = v.reshape(param.shape());
            } else {
                throw new IllegalArgumentException("weight " + tfName + ": shape " + Arrays.toString(value.shape()) + " does not fit layer "
                        + layer.conf().getLayer().getLayerName() + " parameter " + key + " " + Arrays.toString(param.shape()));
            }
        }
        param.assign(v.castTo(param.dataType()));
    }
}
