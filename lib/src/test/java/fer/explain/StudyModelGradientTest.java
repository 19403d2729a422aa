package fer.explain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import fer.model.Architecture;
import fer.model.ModelSpec;
import fer.model.Models;
import fer.model.Optimizer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The project's own small CNN in float on the fast path (oneDNN helpers, {@code ReusingConvolution}, which skips a
 * convolution in the training-mode pass the gradient copy uses) gives the same input gradients as the same weights
 * in DL4J's stock convolution layers.
 */
class StudyModelGradientTest {
    @Test
    void reusingConvolutionGivesTheStockLayersInputGradient() {
        ModelSpec spec = ModelSpec.paper(Architecture.SMALL).withInputSide(24).withDense(16, 16);
        ComputationGraph fast = Models.build(spec, Optimizer.adam(1e-3));
        String old = System.getProperty("fer.conv.reuse");
        ComputationGraph stock;
        try {
            System.setProperty("fer.conv.reuse", "false");
            stock = Models.build(spec, Optimizer.adam(1e-3));
        } finally {
            if (old == null) System.clearProperty("fer.conv.reuse"); else System.setProperty("fer.conv.reuse", old);
        }
        stock.setParams(fast.params());
        assertTrue(fast.getLayer("conv1").getClass() != stock.getLayer("conv1").getClass(), "both nets use the same layer class");
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 24, 24);
        int[] t = {0, 1, 2, 3, 4, 5, 6, 0};
        InputShape in = InputShape.square(24, 1);
        INDArray a = VanillaGradient.gradients(GradientModel.of(fast, in, GradientModel.Score.LOGIT), x, t);
        INDArray b = VanillaGradient.gradients(GradientModel.of(stock, in, GradientModel.Score.LOGIT), x, t);
        double rel = GradientModelTest.relativeError(a, b);
        assertTrue(rel < 1e-4, "relative difference " + rel);
    }
}
