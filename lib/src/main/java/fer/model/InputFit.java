package fer.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Whether images of a given size fit a network, checked in Java before any native op runs: a manifest whose input
 * size did not fit once surfaced as libnd4j's error lines and "Op [matmul] execution failed". Walks the graph's
 * activation types for the input and compares each layer's {@code nIn} with what reaches it.
 */
public final class InputFit {
    private InputFit() {}

    /**
     * Throws an {@link IllegalArgumentException} naming {@code what}, the input and the first layer it does not fit,
     * when {@code side×side×channels} images cannot go through {@code net}; returns quietly otherwise (or when the graph
     * is not one this check can follow: several inputs).
     */
    public static void check(ComputationGraph net, int side, int channels, String what) {
        ComputationGraphConfiguration conf = net.getConfiguration();
        List<String> inputs = conf.getNetworkInputs();
        if (inputs.size() != 1) return;
        String in = String.format(Locale.ROOT, "%dx%dx%d", side, side, channels);
        Map<String, InputType> types;
        try {
            // on a copy: DL4J sets each layer's nIn from the types it computes, which would hide the misfit (and change the net)
            types = conf.clone().getLayerActivationTypes(InputType.convolutional(side, side, channels));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + ": input " + in + " does not fit the network: " + e.getMessage(), e);
        }
        for (Map.Entry<String, GraphVertex> v : conf.getVertices().entrySet()) {
            if (!(v.getValue() instanceof LayerVertex lv) || lv.getLayerConf() == null) continue;
            Layer layer = lv.getLayerConf().getLayer();
            if (!(layer instanceof FeedForwardLayer ff) || ff.getNIn() <= 0) continue;
            List<String> from = conf.getVertexInputs().get(v.getKey());
            if (from == null || from.size() != 1) continue;
            InputType t = from.get(0).equals(inputs.get(0)) ? InputType.convolutional(side, side, channels) : types.get(from.get(0));
            if (t == null) continue;
            long arriving;
            String unit;
            boolean flattens = layer instanceof DenseLayer || layer instanceof BaseOutputLayer; // DL4J flattens a CNN input for them
            if (t instanceof InputType.InputTypeConvolutional c && !flattens) {
                // convolutions and the per-channel layers (batch norm, the engine's fused ones) take channels
                arriving = c.getChannels();
                unit = "channels";
            } else if (layer instanceof ConvolutionLayer) {
                continue;
            } else {
                arriving = t.arrayElementsPerExample();
                unit = "inputs";
            }
            if (arriving != ff.getNIn()) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s: input %s does not fit the network: layer '%s' takes %d %s, %s images give it %d (is the manifest's "
                                + "model.input the size the model was trained at?)", what, in, v.getKey(), ff.getNIn(), unit, in, arriving));
            }
        }
    }
}
