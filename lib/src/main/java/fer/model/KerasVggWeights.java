package fer.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads Keras' VGG16 ImageNet weights ({@code vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5}) into
 * the VGG16 base built by {@link Models}.
 *
 * <p>The file holds weights only, no model config, so DL4J's {@code KerasModelImport} rejects it. Each
 * layer is an HDF5 group named like the layer ({@code block1_conv1}) holding a kernel in Keras' layout
 * {@code [kH, kW, in, out]} and a bias {@code [out]}, either directly ({@code block1_conv1_W_1:0}) or in a
 * sub-group ({@code block1_conv1/kernel:0}); kernels are permuted to DL4J's {@code [out, in, kH, kW]}.
 */
public final class KerasVggWeights {
    /** Where Keras caches the file: {@code ~/.keras/models/}. */
    public static final String FILE_NAME = "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5";

    /** One convolution's weights, already in DL4J's layout. */
    public record ConvWeights(String layer, INDArray kernel, INDArray bias) {}

    private KerasVggWeights() {}

    /** Keras' default cache location for the file. */
    public static Path defaultPath() {
        return Path.of(System.getProperty("user.home"), ".keras", "models", FILE_NAME);
    }

    /** The 13 convolutions' weights from {@code h5}, by layer name, kernels in DL4J layout. */
    public static Map<String, ConvWeights> read(Path h5) {
        if (!Files.isRegularFile(h5)) throw new IllegalArgumentException(h5 + ": no such file");
        Map<String, ConvWeights> out = new LinkedHashMap<>();
        try (Hdf5Archive archive = new Hdf5Archive(h5.toString())) {
            List<String> groups = archive.getGroups();
            for (String layer : Models.vggConvNames()) {
                if (!groups.contains(layer)) {
                    throw new IllegalArgumentException(h5 + ": expected a group '" + layer + "' (VGG16 conv layer), found groups " + groups);
                }
                INDArray kernel = null;
                INDArray bias = null;
                for (String[] where : datasetsOf(archive, layer)) {
                    String name = where[where.length - 1];
                    String[] path = java.util.Arrays.copyOf(where, where.length - 1);
                    INDArray a = archive.readDataSet(name, path);
                    if (a.rank() == 4) kernel = a;
                    else if (a.rank() == 1 || (a.rank() == 2 && a.size(0) == 1)) bias = a.reshape(a.length());
                }
                if (kernel == null || bias == null) {
                    throw new IllegalArgumentException(h5 + ": group '" + layer
                            + "' must hold a rank-4 kernel [kH,kW,in,out] and a rank-1 bias; found " + (kernel == null ? "no kernel" : "no bias"));
                }
                if (kernel.size(3) != bias.length()) {
                    throw new IllegalArgumentException(h5 + ": " + layer + " kernel has " + kernel.size(3)
                            + " output channels but bias has " + bias.length());
                }
                // Keras [kH, kW, in, out] -> DL4J [out, in, kH, kW]
                out.put(layer, new ConvWeights(layer, kernel.permute(3, 2, 0, 1).dup('c'), bias.dup()));
            }
        } catch (UnsupportedKerasConfigurationException e) {
            throw new IllegalArgumentException(h5 + ": cannot read dataset: " + e.getMessage(), e);
        }
        return out;
    }

    /** Sets the weights read from {@code h5} into the VGG16 base of {@code net}; returns the layers set. */
    public static List<String> apply(Path h5, ComputationGraph net) {
        Map<String, ConvWeights> weights = read(h5);
        List<String> set = new ArrayList<>();
        for (ConvWeights w : weights.values()) {
            Layer layer = net.getLayer(w.layer());
            if (layer == null) throw new IllegalArgumentException("network has no layer '" + w.layer() + "' for " + h5);
            setConv(layer, w.kernel(), w.bias(), h5 + ":" + w.layer());
            set.add(w.layer());
        }
        return set;
    }

    /** Copies a kernel {@code [out,in,kH,kW]} and bias into a conv layer, checking shapes. */
    static void setConv(Layer layer, INDArray kernel, INDArray bias, String from) {
        INDArray W = layer.getParam("W");
        INDArray b = layer.getParam("b");
        if (!java.util.Arrays.equals(W.shape(), kernel.shape())) {
            throw new IllegalArgumentException(from + ": kernel shape " + java.util.Arrays.toString(kernel.shape())
                    + " does not fit layer " + layer.conf().getLayer().getLayerName() + " " + java.util.Arrays.toString(W.shape()));
        }
        if (b.length() != bias.length()) {
            throw new IllegalArgumentException(from + ": bias length " + bias.length() + " does not fit " + b.length());
        }
        W.assign(kernel.castTo(W.dataType()));
        b.assign(bias.castTo(b.dataType()).reshape(b.shape()));
    }

    /** Paths (group..., dataset) of the datasets under a layer's group, one level of sub-groups deep. */
    private static List<String[]> datasetsOf(Hdf5Archive archive, String layer) {
        List<String[]> found = new ArrayList<>();
        for (String d : archive.getDataSets(layer)) found.add(new String[] {layer, d});
        for (String sub : archive.getGroups(layer)) {
            for (String d : archive.getDataSets(layer, sub)) found.add(new String[] {layer, sub, d});
        }
        return found;
    }
}
