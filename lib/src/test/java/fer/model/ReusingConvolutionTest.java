package fer.model;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The convolution that skips the backward-pass recomputation gives DL4J's gradients, and saves/loads. */
class ReusingConvolutionTest {
    static ComputationGraph build(Architecture a, boolean reuse) {
        String before = System.getProperty("fer.conv.reuse");
        System.setProperty("fer.conv.reuse", Boolean.toString(reuse));
        try {
            ModelSpec spec = a == Architecture.SMALL
                    ? ModelSpec.paper(a).withInputSide(24).withDense(16, 16).withDropout(0, 0)
                    : ModelSpec.paper(a).withBaseWidth(4).withInputSide(32).withDense(16, 16).withDropout(0, 0);
            return Models.build(spec, Optimizer.sgd(0.01));
        } finally {
            if (before == null) System.clearProperty("fer.conv.reuse");
            else System.setProperty("fer.conv.reuse", before);
        }
    }

    @Test
    void sameGradientsAsDl4jsConvolutionForReluAndIdentity() {
        for (Architecture a : new Architecture[] {Architecture.CUSTOM, Architecture.SMALL}) {
            ComputationGraph stock = build(a, false);
            ComputationGraph reusing = build(a, true);
            String first = a == Architecture.SMALL ? "conv1" : "block1_conv1";
            assertFalse(stock.getLayer(first) instanceof ReusingConvolution.Impl);
            assertInstanceOf(ReusingConvolution.Impl.class, reusing.getLayer(first));
            reusing.setParams(stock.params().dup());
            int ch = a.usesVgg() ? 3 : 1;
            int side = a.usesVgg() ? 32 : 24;
            Nd4j.getRandom().setSeed(5);
            INDArray x = Nd4j.rand(DataType.FLOAT, 6, ch, side, side);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 7);
            for (int i = 0; i < 6; i++) y.putScalar(i, (i * 3) % 7, 1f);
            INDArray g1 = HelpersEquivalenceTest.gradient(stock, x, y);
            INDArray g2 = HelpersEquivalenceTest.gradient(reusing, x, y);
            HelpersEquivalenceTest.assertRelClose(g1, g2, a.id() + " gradients, reused forward output");
            assertTrue(((ReusingConvolution.Impl) reusing.getLayer(first)).reusedCount() > 0,
                    "the backward pass used the remembered output (oneDNN helpers on)");
            // several fitted steps stay identical too
            for (int s = 0; s < 3; s++) {
                stock.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
                reusing.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
            }
            HelpersEquivalenceTest.assertRelClose(stock.params(), reusing.params(), a.id() + " params after 3 steps");
        }
    }

    @Test
    void savedModelsRestoreTheLayer(@TempDir Path dir) throws Exception {
        ComputationGraph net = build(Architecture.SMALL, true);
        Path zip = dir.resolve("m.zip");
        ModelSerializer.writeModel(net, zip.toFile(), true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(zip.toFile(), true);
        assertInstanceOf(ReusingConvolution.Impl.class, back.getLayer("conv2"));
        assertEquals(net.params(), back.params());
    }
}
