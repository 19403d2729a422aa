package fer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
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
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Builds a DL4J {@link ComputationGraph} from a {@link KerasModelFile}: Sequential and Functional models, nested in
 * each other as Colab code builds them (a {@code keras.applications.VGG16} inside a Sequential, or its
 * {@code base.output} fed to a head), of the layers the study's models use and a few more: InputLayer, Conv2D,
 * MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, Flatten, Dense, Dropout, Activation,
 * ReLU, LeakyReLU, Softmax, BatchNormalization, ZeroPadding2D, Add, Concatenate. The last layer must give class
 * probabilities (a Dense with softmax, or a linear Dense then a softmax activation): it becomes the graph's output
 * layer. Vertices keep the Keras layer names, so {@code block5_conv3} is {@code block5_conv3} here too.
 *
 * <p>Layout: images enter as DL4J's NCHW; kernels are permuted from Keras' {@code [kH, kW, in, out]}; a Dense after
 * a Flatten gets its rows reordered from Keras' (h, w, c) order to DL4J's (c, h, w). Any other layer class stops the
 * import with {@link UnsupportedLayerException}, naming the layer and its class.
 */
public final class KerasNetwork {
    /** Layer classes this importer builds. */
    public static final List<String> SUPPORTED = List.of("InputLayer", "Conv2D", "MaxPooling2D", "AveragePooling2D",
            "GlobalAveragePooling2D", "GlobalMaxPooling2D", "Flatten", "Dense", "Dropout", "Activation", "ReLU", "LeakyReLU",
            "Softmax", "BatchNormalization", "ZeroPadding2D", "Add", "Concatenate", "Sequential", "Functional");

    /** A Keras layer that {@link KerasNetwork} does not build. */
    public static final class UnsupportedLayerException extends IllegalArgumentException {
        public UnsupportedLayerException(String message) {
            super(message);
        }
    }

    /**
     * The built network and what a manifest needs to know about it.
     *
     * @param net         the graph, input {@code "input"} NCHW, one softmax output
     * @param side        input height = width
     * @param channels    input channels
     * @param classes     output units
     * @param outputLayer the Keras name of the output layer
     * @param layerNames  every Keras layer that became a vertex, in order
     */
    public record Imported(ComputationGraph net, int side, int channels, int classes, String outputLayer, List<String> layerNames) {}

    /** A tensor between layers: the vertex that makes it, its Keras shape (H, W, C) or (N), and what a Flatten flattened. */
    private record Tensor(String vertex, int[] shape, int[] flattenedFrom) {
        boolean image() {
            return shape.length == 3;
        }
    }

    /** One layer to add: its Keras config and inputs, resolved. */
    private record Op(String name, String cls, JsonNode cfg, List<Tensor> inputs, Tensor output) {}

    private static final String INPUT = "input";

    private final KerasModelFile file;
    private final List<Op> ops = new ArrayList<>();
    private final Map<String, Op> opOf = new HashMap<>();
    private final Set<String> names = new LinkedHashSet<>();
    private int[] inputShape;

    private KerasNetwork(KerasModelFile file) {
        this.file = file;
    }

    /** The network of {@code file} with its weights set. */
    public static Imported build(KerasModelFile file) {
        return new KerasNetwork(file).build();
    }

    private Imported build() {
        List<Tensor> out = model(file.config(), null);
        if (out.size() != 1) throw new IllegalArgumentException(file.source() + ": the model has " + out.size() + " outputs; expected one (class probabilities)");
        Op output = outputOp(out.get(0));
        if (inputShape == null || inputShape.length != 3 || inputShape[0] != inputShape[1] || (inputShape[2] != 1 && inputShape[2] != 3)) {
            throw new IllegalArgumentException(file.source() + ": input shape " + Arrays.toString(inputShape)
                    + ": expected square images with 1 or 3 channels (H, W, C)");
        }
        var g = new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT)
                .updater(new NoOp()) // imported for inference and saliency; nothing here trains it
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(inputShape[0], inputShape[1], inputShape[2]));
        for (Op op : ops) add(g, op, op == output);
        g.setOutputs(output.name());
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        setWeights(net);
        return new Imported(net, inputShape[0], inputShape[2], output.output().shape()[0], output.name(), List.copyOf(names));
    }

    // ------------------------------------------------------------------ the config, resolved into ops

    /** The output tensors of a Sequential or Functional config fed {@code inputs} (null: the top level's own inputs). */
    private List<Tensor> model(JsonNode model, List<Tensor> inputs) {
        String cls = model.path("class_name").asText();
        JsonNode cfg = model.path("config");
        List<JsonNode> layers = new ArrayList<>();
        cfg.path("layers").forEach(layers::add);
        if (cls.equals("Sequential")) {
            Tensor t = inputs == null ? null : single(inputs, KerasModelFile.layerName(model));
            for (int i = 0; i < layers.size(); i++) {
                JsonNode layer = layers.get(i);
                if (layer.path("class_name").asText().equals("InputLayer")) {
                    if (t == null) t = graphInput(layer.path("config"));
                    continue;
                }
                if (t == null) t = graphInput(layer.path("config").has("batch_input_shape") || layer.path("config").has("batch_shape")
                        ? layer.path("config") : cfg);
                t = layer(layer, List.of(t));
            }
            if (t == null) throw new IllegalArgumentException(file.source() + ": an empty Sequential model");
            return List.of(t);
        }
        Map<String, Tensor> scope = new HashMap<>();
        List<String> inputNames = historyNames(cfg.path("input_layers"));
        for (JsonNode layer : layers) {
            String name = KerasModelFile.layerName(layer);
            if (layer.path("class_name").asText().equals("InputLayer")) {
                int k = inputNames.indexOf(name);
                if (inputs == null) scope.put(name, graphInput(layer.path("config")));
                else if (k >= 0 && k < inputs.size()) scope.put(name, inputs.get(k));
                else throw new IllegalArgumentException(file.source() + ": nested model input '" + name + "' is not fed");
                continue;
            }
            JsonNode nodes = layer.path("inbound_nodes");
            if (nodes.size() != 1) {
                throw new UnsupportedLayerException(file.source() + ": layer '" + name + "' (" + layer.path("class_name").asText()
                        + ") is called " + nodes.size() + " times (shared layers are not supported by fer import keras)");
            }
            List<Tensor> in = new ArrayList<>();
            for (String src : inboundNames(nodes.get(0))) {
                Tensor t = scope.get(src);
                if (t == null) throw new IllegalArgumentException(file.source() + ": layer '" + name + "' reads '" + src + "', which comes later or not at all");
                in.add(t);
            }
            scope.put(name, layer(layer, in));
        }
        List<Tensor> out = new ArrayList<>();
        for (String o : historyNames(cfg.path("output_layers"))) out.add(scope.get(o));
        return out;
    }

    /** Layer names of {@code input_layers}/{@code output_layers}: {@code ["x", 0, 0]} (Keras 3, one) or {@code [["x", 0, 0], ...]}. */
    private static List<String> historyNames(JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list.isArray() && list.size() > 0 && list.get(0).isTextual()) out.add(list.get(0).asText());
        else list.forEach(e -> out.add(e.get(0).asText()));
        return out;
    }

    /** The layers an inbound node reads: Keras 3 {@code {"args": [keras_tensor | [keras_tensor...]]}} or Keras 2 {@code [["x", 0, 0, {}], ...]}. */
    private static List<String> inboundNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isObject()) {
            collectHistories(node.path("args"), out);
        } else {
            node.forEach(e -> out.add(e.get(0).asText()));
        }
        return out;
    }

    private static void collectHistories(JsonNode n, List<String> out) {
        if (n.isObject() && n.has("config") && n.path("config").has("keras_history")) {
            out.add(n.path("config").path("keras_history").get(0).asText());
        } else if (n.isArray()) {
            n.forEach(e -> collectHistories(e, out));
        }
    }

    private Tensor graphInput(JsonNode cfg) {
        JsonNode shape = cfg.has("batch_shape") ? cfg.get("batch_shape") : cfg.has("batch_input_shape") ? cfg.get("batch_input_shape")
                : cfg.path("build_input_shape");
        if (!shape.isArray() || shape.size() != 4) {
            throw new IllegalArgumentException(file.source() + ": cannot tell the model's input shape (no batch_shape [None, H, W, C]); found " + shape);
        }
        int[] s = {shape.get(1).asInt(-1), shape.get(2).asInt(-1), shape.get(3).asInt(-1)};
        if (s[0] < 1 || s[1] < 1) throw new IllegalArgumentException(file.source() + ": input of unknown size " + shape + ": expected a fixed H and W");
        if (inputShape != null) throw new IllegalArgumentException(file.source() + ": more than one model input: not supported");
        inputShape = s;
        return new Tensor(INPUT, s, null);
    }

    private static Tensor single(List<Tensor> in, String name) {
        if (in.size() != 1) throw new IllegalArgumentException("layer '" + name + "' takes one input, given " + in.size());
        return in.get(0);
    }

    /** Resolves one layer (a nested model included) and records the op that builds it. */
    private Tensor layer(JsonNode layer, List<Tensor> in) {
        String cls = layer.path("class_name").asText();
        String name = KerasModelFile.layerName(layer);
        JsonNode cfg = layer.path("config");
        if (KerasModelFile.isModel(cls)) {
            List<Tensor> out = model(layer, in);
            return single(out, name);
        }
        if (!SUPPORTED.contains(cls)) {
            throw new UnsupportedLayerException(file.source() + ": layer '" + name + "' (" + cls + ") is not supported by fer import keras"
                    + " (supported: " + String.join(", ", SUPPORTED) + ")");
        }
        if (cfg.has("data_format") && !cfg.path("data_format").asText().equals("channels_last")) {
            throw new UnsupportedLayerException(file.source() + ": layer '" + name + "' (" + cls + "): data_format "
                    + cfg.path("data_format").asText() + " is not supported (channels_last only)");
        }
        Tensor x = in.get(0);
        int[] s = x.shape();
        Tensor out = switch (cls) {
            case "Conv2D" -> {
                image(x, name, cls);
                if (cfg.path("groups").asInt(1) != 1) throw new UnsupportedLayerException(file.source() + ": layer '" + name + "' (Conv2D): groups > 1 not supported");
                int[] k = pair(cfg.path("kernel_size")), st = pair(cfg.path("strides")), d = pair(cfg.path("dilation_rate"));
                boolean same = padding(cfg, name, cls);
                yield next(name, new int[] {outSize(s[0], k[0], st[0], d[0], same), outSize(s[1], k[1], st[1], d[1], same),
                        cfg.path("filters").asInt()}, null);
            }
            case "MaxPooling2D", "AveragePooling2D" -> {
                image(x, name, cls);
                int[] k = pair(cfg.path("pool_size")), st = cfg.path("strides").isNull() || cfg.path("strides").isMissingNode() ? k : pair(cfg.path("strides"));
                boolean same = padding(cfg, name, cls);
                yield next(name, new int[] {outSize(s[0], k[0], st[0], 1, same), outSize(s[1], k[1], st[1], 1, same), s[2]}, null);
            }
            case "GlobalAveragePooling2D", "GlobalMaxPooling2D" -> {
                image(x, name, cls);
                if (cfg.path("keepdims").asBoolean(false)) throw new UnsupportedLayerException(file.source() + ": layer '" + name + "' (" + cls + "): keepdims=True not supported");
                yield next(name, new int[] {s[2]}, null);
            }
            case "Flatten" -> x.image() ? new Tensor(x.vertex(), new int[] {s[0] * s[1] * s[2]}, s) : x;
            case "Dense" -> {
                if (x.image()) throw new UnsupportedLayerException(file.source() + ": layer '" + name + "' (Dense) on an image tensor " + Arrays.toString(s)
                        + " (Dense over the last axis): not supported; Flatten or pool first");
                yield next(name, new int[] {cfg.path("units").asInt()}, null);
            }
            case "Dropout", "Activation", "ReLU", "LeakyReLU", "Softmax" -> next(name, s, x.flattenedFrom());
            case "BatchNormalization" -> {
                int axis = cfg.path("axis").isArray() ? cfg.path("axis").get(0).asInt() : cfg.path("axis").asInt(-1);
                if (axis != -1 && axis != s.length) throw new UnsupportedLayerException(file.source() + ": layer '" + name + "' (BatchNormalization): axis " + axis + " (only the channel axis, -1)");
                if (cfg.path("center").asBoolean(true) != cfg.path("scale").asBoolean(true)) {
                    throw new UnsupportedLayerException(file.source() + ": layer '" + name + "' (BatchNormalization): center and scale must both be on or off");
                }
                yield next(name, s, x.flattenedFrom());
            }
            case "ZeroPadding2D" -> {
                image(x, name, cls);
                int[] p = zeroPadding(cfg.path("padding"));
                yield next(name, new int[] {s[0] + p[0] + p[1], s[1] + p[2] + p[3], s[2]}, null);
            }
            case "Add" -> {
                for (Tensor t : in) if (!Arrays.equals(t.shape(), s)) throw new IllegalArgumentException(file.source() + ": layer '" + name + "' (Add): inputs of different shapes");
                yield next(name, s, null);
            }
            case "Concatenate" -> {
                int axis = cfg.path("axis").asInt(-1);
                if (axis != -1 && axis != s.length) throw new UnsupportedLayerException(file.source() + ": layer '" + name + "' (Concatenate): axis " + axis + " (only the last axis)");
                int[] o = s.clone();
                o[o.length - 1] = in.stream().mapToInt(t -> t.shape()[t.shape().length - 1]).sum();
                yield next(name, o, null);
            }
            default -> throw new IllegalStateException(cls);
        };
        if (out.vertex().equals(name)) {
            Op op = new Op(name, cls, cfg, in, out);
            if (!names.add(name)) throw new IllegalArgumentException(file.source() + ": two layers named '" + name + "': not supported");
            ops.add(op);
            opOf.put(name, op);
        }
        return out;
    }

    private static Tensor next(String name, int[] shape, int[] flattenedFrom) {
        return new Tensor(name, shape, flattenedFrom);
    }

    private void image(Tensor x, String name, String cls) {
        if (!x.image()) throw new IllegalArgumentException(file.source() + ": layer '" + name + "' (" + cls + ") needs an image input (H, W, C), found " + Arrays.toString(x.shape()));
    }

    private boolean padding(JsonNode cfg, String name, String cls) {
        String p = cfg.path("padding").asText("valid");
        if (!p.equals("same") && !p.equals("valid")) throw new UnsupportedLayerException(file.source() + ": layer '" + name + "' (" + cls + "): padding " + p);
        return p.equals("same");
    }

    private static int outSize(int in, int k, int stride, int dilation, boolean same) {
        if (same) return (in + stride - 1) / stride;
        return (in - dilation * (k - 1) - 1) / stride + 1;
    }

    private static int[] pair(JsonNode n) {
        if (n.isArray()) return new int[] {n.get(0).asInt(), n.get(1).asInt()};
        return new int[] {n.asInt(1), n.asInt(1)};
    }

    /** ZeroPadding2D's padding as top, bottom, left, right. */
    private static int[] zeroPadding(JsonNode p) {
        if (p.isInt()) return new int[] {p.asInt(), p.asInt(), p.asInt(), p.asInt()};
        if (p.get(0).isArray()) return new int[] {p.get(0).get(0).asInt(), p.get(0).get(1).asInt(), p.get(1).get(0).asInt(), p.get(1).get(1).asInt()};
        return new int[] {p.get(0).asInt(), p.get(0).asInt(), p.get(1).asInt(), p.get(1).asInt()};
    }

    /** The op that becomes the output layer: a softmax Dense, or the linear Dense before a final softmax activation. */
    private Op outputOp(Tensor out) {
        Op last = opOf.get(out.vertex());
        if (last != null && last.cls().equals("Dense") && activationName(last.cfg()).equals("softmax")) return last;
        if (last != null && (last.cls().equals("Softmax") || last.cls().equals("Activation") && activationName(last.cfg()).equals("softmax"))) {
            Op dense = opOf.get(last.inputs().get(0).vertex());
            long readers = ops.stream().filter(o -> o.inputs().stream().anyMatch(t -> t.vertex().equals(dense == null ? "" : dense.name()))).count();
            if (dense != null && dense.cls().equals("Dense") && activationName(dense.cfg()).equals("linear") && readers == 1) {
                ops.remove(last);
                names.remove(last.name());
                Op merged = new Op(dense.name(), dense.cls(), dense.cfg().deepCopy(), dense.inputs(), dense.output());
                ((org.nd4j.shade.jackson.databind.node.ObjectNode) merged.cfg()).put("activation", "softmax");
                ops.set(ops.indexOf(dense), merged);
                opOf.put(dense.name(), merged);
                return merged;
            }
        }
        String what = last == null ? out.vertex() : "'" + last.name() + "' (" + last.cls() + ")";
        throw new UnsupportedLayerException(file.source() + ": the model's output " + what
                + " is not a Dense layer with softmax: fer import keras needs class probabilities");
    }

    // ------------------------------------------------------------------ DL4J layers

    private void add(ComputationGraphConfiguration.GraphBuilder g, Op op, boolean isOutput) {
        JsonNode c = op.cfg();
        String[] in = op.inputs().stream().map(Tensor::vertex).toArray(String[]::new);
        switch (op.cls()) {
            case "Conv2D" -> {
                int[] k = pair(c.path("kernel_size")), st = pair(c.path("strides")), d = pair(c.path("dilation_rate"));
                g.addLayer(op.name(), new ConvolutionLayer.Builder(k[0], k[1]).stride(st[0], st[1]).dilation(d[0], d[1])
                        .nOut(c.path("filters").asInt()).hasBias(c.path("use_bias").asBoolean(true))
                        .convolutionMode(padding(c, op.name(), op.cls()) ? ConvolutionMode.Same : ConvolutionMode.Truncate)
                        .activation(activation(c, op)).build(), in);
            }
            case "MaxPooling2D", "AveragePooling2D" -> {
                int[] k = pair(c.path("pool_size")), st = c.path("strides").isNull() || c.path("strides").isMissingNode() ? k : pair(c.path("strides"));
                boolean max = op.cls().startsWith("Max");
                g.addLayer(op.name(), new SubsamplingLayer.Builder(max ? PoolingType.MAX : PoolingType.AVG).kernelSize(k[0], k[1]).stride(st[0], st[1])
                        .convolutionMode(padding(c, op.name(), op.cls()) ? ConvolutionMode.Same : ConvolutionMode.Truncate)
                        // TensorFlow averages over the window's pixels inside the image only
                        .avgPoolIncludePadInDivisor(false).build(), in);
            }
            case "GlobalAveragePooling2D", "GlobalMaxPooling2D" -> g.addLayer(op.name(), new GlobalPoolingLayer.Builder(
                    op.cls().contains("Average") ? PoolingType.AVG : PoolingType.MAX).build(), in);
            case "Dense" -> {
                int units = c.path("units").asInt();
                boolean bias = c.path("use_bias").asBoolean(true);
                if (isOutput) {
                    g.addLayer(op.name(), new OutputLayer.Builder(new LossMCXENT()).nOut(units).hasBias(bias)
                            .activation(Activation.SOFTMAX).build(), in);
                } else {
                    g.addLayer(op.name(), new DenseLayer.Builder().nOut(units).hasBias(bias).activation(activation(c, op)).build(), in);
                }
            }
            // DL4J's dropout argument is the probability of keeping a unit
            case "Dropout" -> g.addLayer(op.name(), new DropoutLayer.Builder(1 - c.path("rate").asDouble()).build(), in);
            case "Activation", "Softmax" -> g.addLayer(op.name(), new ActivationLayer.Builder()
                    .activation(op.cls().equals("Softmax") ? Activation.SOFTMAX.getActivationFunction() : activation(c, op)).build(), in);
            case "ReLU" -> {
                if (!c.path("max_value").isNull() && !c.path("max_value").isMissingNode() || c.path("negative_slope").asDouble(0) != 0
                        || c.path("threshold").asDouble(0) != 0) {
                    throw new UnsupportedLayerException(file.source() + ": layer '" + op.name() + "' (ReLU): max_value/negative_slope/threshold not supported");
                }
                g.addLayer(op.name(), new ActivationLayer.Builder().activation(Activation.RELU).build(), in);
            }
            case "LeakyReLU" -> {
                double alpha = c.has("negative_slope") ? c.path("negative_slope").asDouble() : c.path("alpha").asDouble(0.3);
                g.addLayer(op.name(), new ActivationLayer.Builder().activation(new org.nd4j.linalg.activations.impl.ActivationLReLU(alpha)).build(), in);
            }
            case "BatchNormalization" -> g.addLayer(op.name(), new BatchNormalization.Builder().eps(c.path("epsilon").asDouble(1e-3))
                    .decay(c.path("momentum").asDouble(0.99)).useLogStd(false).lockGammaBeta(!c.path("scale").asBoolean(true)).build(), in);
            case "ZeroPadding2D" -> {
                int[] p = zeroPadding(c.path("padding"));
                g.addLayer(op.name(), new ZeroPaddingLayer.Builder(p[0], p[1], p[2], p[3]).build(), in);
            }
            case "Add" -> g.addVertex(op.name(), new ElementWiseVertex(ElementWiseVertex.Op.Add), in);
            case "Concatenate" -> g.addVertex(op.name(), new MergeVertex(), in);
            default -> throw new IllegalStateException(op.cls());
        }
    }

    private static String activationName(JsonNode cfg) {
        JsonNode a = cfg.path("activation");
        if (a.isObject()) a = a.path("config").isTextual() ? a.path("config") : a.path("config").path("name");
        return a.asText("linear").toLowerCase(Locale.ROOT);
    }

    private IActivation activation(JsonNode cfg, Op op) {
        String a = activationName(cfg);
        Activation act = switch (a) {
            case "linear" -> Activation.IDENTITY;
            case "relu" -> Activation.RELU;
            case "sigmoid" -> Activation.SIGMOID;
            case "tanh" -> Activation.TANH;
            case "softmax" -> Activation.SOFTMAX;
            case "elu" -> Activation.ELU;
            case "selu" -> Activation.SELU;
            case "softplus" -> Activation.SOFTPLUS;
            case "swish", "silu" -> Activation.SWISH;
            default -> throw new UnsupportedLayerException(file.source() + ": layer '" + op.name() + "' (" + op.cls() + "): activation '" + a
                    + "' not supported (linear, relu, sigmoid, tanh, softmax, elu, selu, softplus, swish)");
        };
        return act.getActivationFunction();
    }

    // ------------------------------------------------------------------ weights

    /**
     * Copies the Conv2D and Dense weights of {@code file} into the layers of the same names of a network built here
     * (e.g. the study's custom model from {@link Models}, whose layers carry Keras' names): a Keras-initialised start
     * for training the project's own network. Every layer of the file with weights must find its twin; returns their names.
     */
    public static List<String> copyWeights(KerasModelFile file, ComputationGraph net) {
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, Map<String, INDArray>> e : file.weights().entrySet()) {
            Layer layer = net.getLayer(e.getKey());
            if (layer == null) throw new IllegalArgumentException(file.source() + ": the network has no layer '" + e.getKey() + "'");
            INDArray k = e.getValue().get("kernel");
            if (k == null || (k.rank() != 4 && k.rank() != 2)) {
                throw new IllegalArgumentException(file.source() + ": layer '" + e.getKey() + "': only Conv2D and Dense weights are copied, found " + e.getValue().keySet());
            }
            Op op = new Op(e.getKey(), k.rank() == 4 ? "Conv2D" : "Dense", null, List.of(), null);
            set(file.source(), layer, "W", k.rank() == 4 ? k.permute(3, 2, 0, 1) : k, op);
            if (e.getValue().containsKey("bias")) set(file.source(), layer, "b", e.getValue().get("bias"), op);
            done.add(e.getKey());
        }
        return done;
    }

    private void setWeights(ComputationGraph net) {
        Map<String, Map<String, INDArray>> left = new LinkedHashMap<>(file.weights());
        for (Op op : ops) {
            Layer layer = net.getLayer(op.name());
            if (layer == null || layer.numParams() == 0) continue;
            Map<String, INDArray> w = left.remove(op.name());
            if (w == null) throw new IllegalArgumentException(file.source() + ": no weights for layer '" + op.name() + "' (" + op.cls() + ")");
            switch (op.cls()) {
                case "Conv2D" -> {
                    set(file.source(), layer, "W", role(w, op, "kernel").permute(3, 2, 0, 1), op);
                    if (layer.getParam("b") != null) set(file.source(), layer, "b", role(w, op, "bias"), op);
                }
                case "Dense" -> {
                    INDArray k = role(w, op, "kernel");
                    int[] f = op.inputs().get(0).flattenedFrom();
                    if (f != null) k = chwRows(k, f);
                    set(file.source(), layer, "W", k, op);
                    if (layer.getParam("b") != null) set(file.source(), layer, "b", role(w, op, "bias"), op);
                }
                case "BatchNormalization" -> {
                    if (op.cfg().path("scale").asBoolean(true)) {
                        set(file.source(), layer, "gamma", role(w, op, "gamma"), op);
                        set(file.source(), layer, "beta", role(w, op, "beta"), op);
                    }
                    set(file.source(), layer, "mean", role(w, op, "moving_mean"), op);
                    set(file.source(), layer, "var", role(w, op, "moving_variance"), op);
                }
                default -> throw new IllegalArgumentException(file.source() + ": layer '" + op.name() + "' (" + op.cls() + ") has weights the importer does not map");
            }
        }
        left.values().removeIf(Map::isEmpty);
        if (!left.isEmpty()) throw new IllegalArgumentException(file.source() + ": weights of layers not in the network: " + left.keySet());
    }

    private INDArray role(Map<String, INDArray> w, Op op, String role) {
        INDArray a = w.get(role);
        if (a == null) throw new IllegalArgumentException(file.source() + ": layer '" + op.name() + "' (" + op.cls() + "): no '" + role + "' weights (has " + w.keySet() + ")");
        return a;
    }

    /** A Dense kernel's rows from Keras' flatten order (h, w, c) to DL4J's (c, h, w). */
    private static INDArray chwRows(INDArray kernel, int[] hwc) {
        int h = hwc[0], w = hwc[1], c = hwc[2];
        int[] rows = new int[h * w * c];
        for (int ch = 0; ch < c; ch++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) rows[(ch * h + y) * w + x] = (y * w + x) * c + ch;
        return kernel.getRows(rows);
    }

    private static void set(java.nio.file.Path source, Layer layer, String key, INDArray value, Op op) {
        INDArray param = layer.getParam(key);
        INDArray v = value;
        if (!Arrays.equals(param.shape(), v.shape())) {
            if (v.length() == param.length() && (v.rank() == 1 || param.rank() <= 2 && Math.min(param.size(0), param.size(param.rank() - 1)) == 1)) {
                v = v.reshape(param.shape());
            } else {
                throw new IllegalArgumentException(source + ": layer '" + op.name() + "' (" + op.cls() + ") " + key + ": weights of shape "
                        + Arrays.toString(value.shape()) + " do not fit " + Arrays.toString(param.shape()));
            }
        }
        param.assign(v.castTo(param.dataType()));
    }
}
