package fer.engine;

import fer.model.*;
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

    /** The same network with DL4J's convolution and with this one (same weights), and a batch for both. */
    record Twin(ComputationGraph stock, ComputationGraph reusing, String first, INDArray x, INDArray y) {
        static Twin of(Architecture a, int batch, long seed, double shift) {
            ComputationGraph stock = build(a, false);
            ComputationGraph reusing = build(a, true);
            reusing.setParams(stock.params().dup());
            int ch = a.usesVgg() ? 3 : 1;
            int side = a.usesVgg() ? 32 : 24;
            Nd4j.getRandom().setSeed(seed);
            INDArray x = Nd4j.rand(DataType.FLOAT, batch, ch, side, side).subi(shift);
            INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 7);
            for (int i = 0; i < batch; i++) y.putScalar(i, (i * 3) % 7, 1f);
            return new Twin(stock, reusing, a == Architecture.SMALL ? "conv1" : "block1_conv1", x, y);
        }
    }

    @Test
    void sameGradientsAsDl4jsConvolutionForReluAndIdentity() {
        for (Architecture a : new Architecture[] {Architecture.CUSTOM, Architecture.SMALL}) {
            Twin t = Twin.of(a, 6, 5, 0);
            ComputationGraph stock = t.stock(), reusing = t.reusing();
            String first = t.first();
            INDArray x = t.x(), y = t.y();
            assertFalse(stock.getLayer(first) instanceof ReusingConvolution.Impl);
            assertInstanceOf(ReusingConvolution.Impl.class, reusing.getLayer(first));
            INDArray g1 = HelpersEquivalenceTest.gradient(stock, x, y);
            INDArray g2 = HelpersEquivalenceTest.gradient(reusing, x, y);
            RelativeError.assertClose(g1, g2, "reusing vs DL4J's convolution, " + a.id() + " gradients");
            assertTrue(((ReusingConvolution.Impl) reusing.getLayer(first)).reusedCount() > 0,
                    "the backward pass used the remembered output (oneDNN helpers on)");
            // several fitted steps stay identical too
            for (int s = 0; s < 3; s++) {
                stock.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
                reusing.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
            }
            RelativeError.assertClose(stock.params(), reusing.params(), "reusing vs DL4J's convolution, " + a.id() + " params after 3 steps");
        }
    }

    /**
     * The first convolution computes its weight and bias gradients alone (im2col and a batched product, no
     * input gradient): checked per parameter against DL4J's layer (oneDNN's conv2d_bp), for the small CNN's
     * 1-channel input and VGG16's 3 channels, and the image gradient is switched back on for saliency.
     */
    @Test
    void firstLayerWeightGradientsAloneMatchDl4j() {
        for (Architecture a : new Architecture[] {Architecture.SMALL, Architecture.CUSTOM}) {
            Twin t = Twin.of(a, 5, 11, 0.3);
            ComputationGraph stock = t.stock(), reusing = t.reusing();
            String first = t.first();
            String second = a == Architecture.SMALL ? "conv2" : "block1_conv2";
            assertFalse(((ReusingConvolution) reusing.getLayer(first).conf().getLayer()).isInputGradient());
            assertTrue(((ReusingConvolution) reusing.getLayer(second).conf().getLayer()).isInputGradient());
            HelpersEquivalenceTest.gradient(stock, t.x(), t.y());
            HelpersEquivalenceTest.gradient(reusing, t.x(), t.y());
            // W and b as one vector: the small CNN's conv1 feeds a batch norm, which makes the bias gradient
            // zero up to rounding (compared on its own, that is noise against noise)
            INDArray[] grads = new INDArray[2];
            for (int i = 0; i < 2; i++) {
                ComputationGraph net = i == 0 ? stock : reusing;
                INDArray w = net.gradient().getGradientFor(first + "_W"), b = net.gradient().getGradientFor(first + "_b");
                assertArrayEquals(stock.gradient().getGradientFor(first + "_W").shape(), w.shape(), first + "_W shape");
                grads[i] = Nd4j.concat(0, w.ravel(), b.ravel());
            }
            RelativeError.assertClose(grads[0], grads[1], "weight-only vs DL4J's convolution, " + a.id() + " " + first + " W and b");
            if (a == Architecture.CUSTOM) { // ReLU, no batch norm: a bias gradient that means something
                RelativeError.assertClose(stock.gradient().getGradientFor(first + "_b"),
                        reusing.gradient().getGradientFor(first + "_b"), "weight-only vs DL4J's convolution, " + a.id() + " " + first + "_b");
            }
            assertEquals(1, ((ReusingConvolution.Impl) reusing.getLayer(first)).weightOnlyCount(), "the weight-only path ran");
            assertEquals(0, ((ReusingConvolution.Impl) reusing.getLayer(second)).weightOnlyCount());
        }
    }

    @Test
    void savedModelsRestoreTheLayer(@TempDir Path dir) throws Exception {
        ComputationGraph net = build(Architecture.SMALL, true);
        Path zip = dir.resolve("m.zip");
        ModelSerializer.writeModel(net, zip.toFile(), true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(zip.toFile(), true);
        assertInstanceOf(ReusingConvolution.Impl.class, back.getLayer("conv2"));
        assertFalse(((ReusingConvolution) back.getLayer("conv1").conf().getLayer()).isInputGradient(), "saved with the model");
        assertEquals(net.params(), back.params());
    }
}
