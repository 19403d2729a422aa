package fer.model;

import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ModelsTest {
    @Test
    void customModelHasThePapersHeadAndPyTorchPeersParameterCount() {
        ComputationGraph net = Models.build(ModelSpec.paper(Architecture.CUSTOM), Optimizer.sgd(1e-4));
        // VGG16 base 14,714,688 + 512*4096+4096 + 4096*1024+1024 + 1024*7+7 (same as the PyTorch peer)
        assertEquals(21_018_439L, net.numParams());
        var drop1 = (org.deeplearning4j.nn.conf.layers.DropoutLayer) net.getLayer("dropout1").conf().getLayer();
        assertEquals(0.6, ((org.deeplearning4j.nn.conf.dropout.Dropout) drop1.getIDropout()).getP(), 1e-12, "keep = 1 - 0.4");
        INDArray out = net.outputSingle(Nd4j.rand(2, 3, 48, 48));
        assertArrayEquals(new long[] {2, 7}, out.shape());
        assertEquals(2.0, out.sumNumber().doubleValue(), 1e-4, "softmax rows sum to 1");
    }

    @Test
    void baselineIsTheVggBaseWithASevenWayTop() {
        ComputationGraph net = Models.build(ModelSpec.paper(Architecture.BASELINE), Optimizer.adam(1e-4));
        assertEquals(14_714_688L + 512 * 7 + 7, net.numParams());
    }

    @Test
    void freezingTheBaseLeavesOnlyTheHeadTrainable() {
        ModelSpec spec = ModelSpec.paper(Architecture.CUSTOM).withBaseWidth(2).withInputSide(32).withDense(16, 8).withFreezeBase(true);
        ComputationGraph net = Models.build(spec, Optimizer.adam(1e-3));
        long head = 16L * 16 + 16 + 16 * 8 + 8 + 8 * 7 + 7;
        assertEquals(head, Models.trainableParams(net));
        INDArray before = net.getLayer("block1_conv1").getParam("W").dup();
        INDArray headBefore = net.getLayer("fc1").getParam("W").dup();
        net.fit(new org.nd4j.linalg.dataset.DataSet(Nd4j.rand(4, 3, 32, 32), Nd4j.eye(7).getRows(0, 1, 2, 3)));
        assertEquals(before, net.getLayer("block1_conv1").getParam("W"));
        assertNotEquals(headBefore, net.getLayer("fc1").getParam("W"));
    }

    @Test
    void smallCnnTakesGrayscaleAndOtherSizes() {
        ComputationGraph net = Models.build(ModelSpec.paper(Architecture.SMALL).withInputSide(64), Optimizer.adam(1e-3));
        assertArrayEquals(new long[] {3, 7}, net.outputSingle(Nd4j.rand(3, 1, 64, 64)).shape());
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.paper(Architecture.CUSTOM).withInputSide(16));
        assertThrows(IllegalArgumentException.class, () -> new Optimizer(Optimizer.Kind.SGD, 0.01, 0.9, false));
    }
}
