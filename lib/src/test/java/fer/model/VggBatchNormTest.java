package fer.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** The quick profile's VGG16 variant: batch norm after each convolution, filters scaled by the width. */
class VggBatchNormTest {
    private static List<String> convNames(ComputationGraph net) {
        List<String> names = new ArrayList<>();
        for (int i : net.topologicalSortOrder()) {
            var v = net.getVertices()[i];
            if (v.hasLayer() && v.getLayer().conf().getLayer() instanceof ConvolutionLayer) names.add(v.getVertexName());
        }
        return names;
    }

    @Test
    void batchNormVariantKeepsThirteenConvsInVggsFiveBlocksWithABatchNormAfterEach() {
        ComputationGraph net = Models.build(ModelSpec.paper(Architecture.CUSTOM).withBaseWidth(16).withBatchNorm(true), Optimizer.adam(1e-3));
        List<String> convs = convNames(net);
        assertEquals(Models.vggConvNames(), convs, "Keras' conv names, in order");
        int[] perBlock = new int[5];
        for (String c : convs) perBlock[c.charAt(5) - '1']++;
        assertArrayEquals(new int[] {2, 2, 3, 3, 3}, perBlock);
        for (String c : convs) {
            String bn = c.replace("_conv", "_bn");
            assertInstanceOf(BatchNormalization.class, net.getLayer(bn).conf().getLayer(), bn);
            // the batch norm reads the conv, and the conv has no activation of its own (ReLU comes after the BN)
            assertEquals(List.of(c), List.of(net.getConfiguration().getVertexInputs().get(bn).toArray(new String[0])));
            var conf = (ConvolutionLayer) net.getLayer(c).conf().getLayer();
            assertEquals("identity", conf.getActivationFn().toString().toLowerCase());
        }
        assertArrayEquals(new long[] {2, 7}, net.outputSingle(Nd4j.rand(2, 3, 48, 48)).shape());
    }

    @Test
    void widthScalesEveryBlocksFilters() {
        for (int width : new int[] {8, 16, 64}) {
            ComputationGraph net = Models.build(ModelSpec.paper(Architecture.BASELINE).withBaseWidth(width).withBatchNorm(true), Optimizer.adam(1e-3));
            int[] expected = {width, width * 2, width * 4, width * 8, width * 8}; // VGG16: 64-128-256-512-512
            for (String c : Models.vggConvNames()) {
                var conf = (ConvolutionLayer) net.getLayer(c).conf().getLayer();
                assertEquals(expected[c.charAt(5) - '1'], conf.getNOut(), c + " at width " + width);
            }
        }
        // full width with batch norm: VGG16's 14,714,688 base parameters + 4 per channel for each BN + the 7-way top
        ComputationGraph full = Models.build(ModelSpec.paper(Architecture.BASELINE).withBatchNorm(true), Optimizer.adam(1e-3));
        long bnChannels = 2 * 64 + 2 * 128 + 3 * 256 + 3 * 512 + 3 * 512;
        assertEquals(14_714_688L + 4 * bnChannels + 512 * 7 + 7, full.numParams());
    }

    @Test
    void plainVggIsUnchangedAndNamesItsVariant() {
        ModelSpec plain = ModelSpec.paper(Architecture.CUSTOM);
        assertFalse(plain.batchNorm());
        ComputationGraph net = Models.build(plain.withBaseWidth(2).withInputSide(32).withDense(8, 8), Optimizer.adam(1e-3));
        assertThrows(RuntimeException.class, () -> net.getLayer("block1_bn1").numParams());
        assertEquals("VGG16 at full width (64-128-256-512-512 filters)", plain.vggVariant());
        assertEquals("VGG16-BN at 1/4 width (16-32-64-128-128 filters)", plain.withBaseWidth(16).withBatchNorm(true).vggVariant());
    }
}
