package fer.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The input gradient against central finite differences in double precision, on a network with batch norm,
 * max pooling, dropout and a softmax output; the logit copy against the original network's output.
 */
class GradientModelTest {
    private static DataType savedDefault;

    @BeforeAll
    static void doublePrecision() {
        savedDefault = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(savedDefault, savedDefault);
    }

    private static final int SIDE = 6, CH = 3, K = 5;

    @Test
    void logitCopyReproducesTheOriginalNetworksProbabilities() {
        ComputationGraph net = TestNets.tiny(SIDE, CH, K, DataType.DOUBLE, 7);
        GradientModel logits = GradientModel.of(net, InputShape.square(SIDE, CH), GradientModel.Score.LOGIT);
        INDArray x = TestNets.images(4, CH, SIDE, DataType.DOUBLE, 11);
        INDArray expected = net.outputSingle(false, x);
        INDArray viaLogits = Transforms.softmax(logits.scores(x));
        assertTrue(expected.equalsWithEps(viaLogits, 1e-10), "softmax(logits) " + viaLogits + " vs output " + expected);
    }

    @Test
    void logitGradientEqualsCentralFiniteDifferences() {
        ComputationGraph net = TestNets.tiny(SIDE, CH, K, DataType.DOUBLE, 7);
        GradientModel m = GradientModel.of(net, InputShape.square(SIDE, CH), GradientModel.Score.LOGIT);
        INDArray x = TestNets.images(1, CH, SIDE, DataType.DOUBLE, 12);
        for (int target : new int[] {3}) {
            INDArray g = VanillaGradient.gradients(m, x, new int[] {target});
            INDArray fd = finiteDifference(x, xx -> m.scores(xx).getDouble(0, target));
            double rel = relativeError(g, fd);
            assertTrue(rel < 1e-4, "class " + target + ": relative error " + rel);
        }
    }

    @Test
    void probabilityGradientEqualsFiniteDifferencesOfTheOriginalNetwork() {
        ComputationGraph net = TestNets.tiny(SIDE, CH, K, DataType.DOUBLE, 8);
        GradientModel m = GradientModel.of(net, InputShape.square(SIDE, CH), GradientModel.Score.PROBABILITY);
        INDArray x = TestNets.images(1, CH, SIDE, DataType.DOUBLE, 13);
        INDArray g = VanillaGradient.gradients(m, x, new int[] {2});
        // the reference differentiates the untouched original (dropout, batch norm and softmax layer as trained)
        INDArray fd = finiteDifference(x, xx -> net.outputSingle(false, xx).getDouble(0, 2));
        double rel = relativeError(g, fd);
        assertTrue(rel < 1e-4, "relative error " + rel);
        assertEquals(1.0, net.outputSingle(false, x).sumNumber().doubleValue(), 1e-9);
    }

    @Test
    void oneImagesGradientDoesNotDependOnTheRestOfTheBatch() {
        ComputationGraph net = TestNets.tiny(SIDE, CH, K, DataType.DOUBLE, 9);
        GradientModel m = GradientModel.of(net, InputShape.square(SIDE, CH), GradientModel.Score.LOGIT);
        INDArray batch = TestNets.images(6, CH, SIDE, DataType.DOUBLE, 14);
        int[] targets = {1, 0, 4, 2, 3, 1};
        INDArray all = VanillaGradient.gradients(m, batch, targets);
        INDArray alone = VanillaGradient.gradients(m, Tensors.one(batch, 2), new int[] {4});
        assertTrue(Tensors.one(all, 2).equalsWithEps(alone, 1e-12), "image 2 alone vs in a batch of 6");
    }

    static INDArray finiteDifference(INDArray x, java.util.function.ToDoubleFunction<INDArray> f) {
        double h = 1e-6;
        INDArray fd = Nd4j.zeros(DataType.DOUBLE, x.shape());
        INDArray flat = x.dup().reshape(-1);
        for (int i = 0; i < flat.length(); i++) {
            double v = flat.getDouble(i);
            flat.putScalar(i, v + h);
            double up = f.applyAsDouble(flat.reshape(x.shape()));
            flat.putScalar(i, v - h);
            double down = f.applyAsDouble(flat.reshape(x.shape()));
            flat.putScalar(i, v);
            fd.reshape(-1).putScalar(i, (up - down) / (2 * h));
        }
        return fd;
    }

    static double relativeError(INDArray a, INDArray b) {
        double diff = a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).norm2Number().doubleValue();
        return diff / Math.max(1e-300, Math.max(a.norm2Number().doubleValue(), b.norm2Number().doubleValue()));
    }
}
