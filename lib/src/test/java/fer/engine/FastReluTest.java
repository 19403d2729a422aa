package fer.engine;

import fer.model.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link FastRelu}'s backward pass against DL4J's own ReLU: element by element, and through a whole network. */
class FastReluTest {
    @Test
    void backwardEqualsDl4jReluIncludingExactZeros() {
        Nd4j.getRandom().setSeed(2);
        INDArray z = Nd4j.randn(DataType.FLOAT, 4, 8, 12, 12);
        for (int i = 0; i < z.length(); i += 7) z.putScalar(i, 0f); // ReLU'(0) = 0 in DL4J: must match
        INDArray eps = Nd4j.randn(DataType.FLOAT, 4, 8, 12, 12);
        INDArray expected = new ActivationReLU().backprop(z.dup(), eps.dup()).getFirst();
        INDArray actual = new FastRelu().backprop(z.dup(), eps.dup()).getFirst();
        assertEquals(0.0, expected.sub(actual).amaxNumber().doubleValue(), 0.0, "bit-identical gradients");
        assertTrue(expected.amaxNumber().doubleValue() > 0);
    }

    @Test
    void networkGradientsEqualDl4jRelu() {
        ComputationGraph fast = build("true");
        ComputationGraph stock = build("false");
        assertInstanceOf(FastRelu.class, ((ActivationLayer) fast.getLayer("relu1").conf().getLayer()).getActivationFn());
        stock.setParams(fast.params().dup());
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 1, 24, 24);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 7);
        for (int i = 0; i < 6; i++) y.putScalar(i, i % 7, 1f);
        INDArray gf = HelpersEquivalenceTest.gradient(fast, x, y);
        INDArray gs = HelpersEquivalenceTest.gradient(stock, x, y);
        assertEquals(0.0, gf.sub(gs).amaxNumber().doubleValue(), 1e-7, "same gradients with DL4J's ReLU");
    }

    static ComputationGraph build(String fast) {
        String before = System.getProperty("fer.relu.fast");
        System.setProperty("fer.relu.fast", fast);
        try {
            return Models.build(ModelSpec.paper(Architecture.SMALL).withInputSide(24).withDense(16, 16).withDropout(0, 0),
                    Optimizer.sgd(0.01));
        } finally {
            if (before == null) System.clearProperty("fer.relu.fast");
            else System.setProperty("fer.relu.fast", before);
        }
    }
}
