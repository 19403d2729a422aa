package fer.model;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Transfer learning inside the project: copies the VGG16 base of a trained network (every parameter of every
 * {@code blockB_*} layer, batch-norm statistics included) into a new network with another head, matched by
 * layer and parameter name. The head of the target keeps its fresh initialisation.
 */
public final class BaseTransfer {
    private BaseTransfer() {}

    /**
     * Copies the base of {@code source} into {@code target}; returns the number of values copied.
     *
     * @throws IllegalArgumentException when a base layer or parameter of {@code target} is missing from
     *                                  {@code source} or has another shape (another width, or batch norm on one side only)
     */
    public static long copyBase(ComputationGraph source, ComputationGraph target, String sourceName) {
        long copied = 0;
        int layers = 0;
        for (Layer to : target.getLayers()) {
            String name = to.conf().getLayer().getLayerName();
            if (!Models.isBaseLayer(name) || to.numParams() == 0) continue;
            Layer from;
            try {
                from = source.getLayer(name);
            } catch (RuntimeException e) {
                from = null;
            }
            if (from == null) {
                throw new IllegalArgumentException(sourceName + ": no layer '" + name + "' to copy into the new model's base"
                        + " (is it the same VGG16 variant: width, batch norm?)");
            }
            Map<String, INDArray> want = to.paramTable();
            Map<String, INDArray> have = from.paramTable();
            for (var e : want.entrySet()) {
                INDArray src = have.get(e.getKey());
                if (src == null || !java.util.Arrays.equals(src.shape(), e.getValue().shape())) {
                    throw new IllegalArgumentException(sourceName + ": layer '" + name + "' parameter '" + e.getKey()
                            + "': expected shape " + java.util.Arrays.toString(e.getValue().shape()) + ", found "
                            + (src == null ? "none" : java.util.Arrays.toString(src.shape())));
                }
                // assign into the view: the layer's parameters live in the network's flat parameter vector
                e.getValue().assign(src);
                copied += src.length();
            }
            layers++;
        }
        if (layers == 0) throw new IllegalArgumentException("the target network has no VGG16 base layers (block1_conv1 ...)");
        return copied;
    }
}
