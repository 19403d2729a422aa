package fer.model;

import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fast path (DL4J's oneDNN helpers for convolution, pooling and batch norm) computes the same
 * outputs and gradients as DL4J's built-in implementation. The helpers flag is read when each layer is
 * created, so two networks built under different settings of the property can be compared in one JVM.
 */
public class HelpersEquivalenceTest {
    static final String FLAG = "org.eclipse.deeplearning4j.helpers.disable";

    static ComputationGraph build(boolean disableHelpers) {
        String before = System.getProperty(FLAG);
        System.setProperty(FLAG, Boolean.toString(disableHelpers));
        try {
            // the small CNN has all three helper kinds: conv, batch norm, max pooling; no dropout (deterministic)
            return Models.build(ModelSpec.paper(Architecture.SMALL).withInputSide(24).withDense(16, 16).withDropout(0, 0),
                    Optimizer.sgd(0.01));
        } finally {
            if (before == null) System.clearProperty(FLAG);
            else System.setProperty(FLAG, before);
        }
    }

    @Test
    void oneDnnHelpersGiveTheSameOutputsAndGradientsAsBuiltInLayers() {
        ComputationGraph plain = build(true);
        ComputationGraph fast = build(false);
        assertNull(((ConvolutionLayer) plain.getLayer("conv1")).getHelper(), "helpers off");
        assertNotNull(((ConvolutionLayer) fast.getLayer("conv1")).getHelper(), "oneDNN conv helper on (fast path)");
        assertNotNull(((BatchNormalization) fast.getLayer("bn1")).getHelper(), "oneDNN batch-norm helper on");
        assertNotNull(((SubsamplingLayer) fast.getLayer("pool1")).getHelper(), "oneDNN pooling helper on");
        fast.setParams(plain.params().dup());

        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 24, 24);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 7);
        for (int i = 0; i < 8; i++) y.putScalar(i, i % 7, 1f);

        assertRelClose(plain.outputSingle(false, x), fast.outputSingle(false, x), "inference output");
        assertRelClose(plain.outputSingle(true, x), fast.outputSingle(true, x), "training-mode output");

        INDArray gPlain = gradient(plain, x, y);
        INDArray gFast = gradient(fast, x, y);
        assertRelClose(gPlain, gFast, "gradients");
        assertEquals(plain.score(), fast.score(), 1e-4 * Math.abs(plain.score()), "loss");
    }

    public static INDArray gradient(ComputationGraph net, INDArray x, INDArray y) {
        net.setInput(0, x);
        net.setLabel(0, y);
        net.computeGradientAndScore();
        return net.gradient().gradient().dup();
    }

    static void assertRelClose(INDArray expected, INDArray actual, String what) {
        RelativeError.assertClose(expected, actual, "helpers on/off " + what);
    }
}
