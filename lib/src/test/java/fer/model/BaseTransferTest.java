package fer.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BaseTransferTest {
    private static final ModelSpec BASE = ModelSpec.paper(Architecture.BASELINE).withBaseWidth(2).withInputSide(32).withBatchNorm(true);

    /** A default model unlike any fresh one: every parameter random (BN means and variances included, > 0 for valid variances). */
    private static ComputationGraph trainedDefault() {
        ComputationGraph net = Models.build(BASE, Optimizer.adam(1e-2));
        Nd4j.getRandom().setSeed(7);
        net.params().assign(Nd4j.rand(net.params().shape()).addi(0.5));
        return net;
    }

    private static Map<String, INDArray> snapshot(ComputationGraph net) {
        Map<String, INDArray> m = new HashMap<>();
        for (Layer l : net.getLayers()) {
            for (var e : l.paramTable().entrySet()) m.put(l.conf().getLayer().getLayerName() + "/" + e.getKey(), e.getValue().dup());
        }
        return m;
    }

    @Test
    void copiesEveryBaseParameterExactlyAndNothingOfTheHead() {
        ComputationGraph source = trainedDefault();
        ComputationGraph target = Models.build(ModelSpec.paper(Architecture.CUSTOM).withBaseWidth(2).withInputSide(32)
                .withBatchNorm(true).withDense(16, 8).withSeed(99), Optimizer.adam(1e-3));
        Map<String, INDArray> before = snapshot(target);
        Map<String, INDArray> src = snapshot(source);

        long copied = BaseTransfer.copyBase(source, target, "source");

        long baseValues = 0;
        int baseParams = 0;
        for (var e : snapshot(target).entrySet()) {
            String layer = e.getKey().substring(0, e.getKey().indexOf('/'));
            if (Models.isBaseLayer(layer)) {
                assertEquals(src.get(e.getKey()), e.getValue(), e.getKey() + " copied exactly");
                assertNotEquals(before.get(e.getKey()), e.getValue(), e.getKey() + " changed by the copy");
                baseValues += e.getValue().length();
                baseParams++;
            } else {
                assertEquals(before.get(e.getKey()), e.getValue(), e.getKey() + " (head) untouched");
            }
        }
        assertEquals(13 * 2 + 13 * 4, baseParams, "W and b of 13 convs, gamma, beta, mean, var of 13 batch norms");
        assertEquals(baseValues, copied);
        // the base's output is now the source's: same features for the same input
        INDArray x = Nd4j.rand(2, 3, 32, 32);
        INDArray a = source.feedForward(x, false).get(Models.VGG_BASE_END);
        INDArray b = target.feedForward(x, false).get(Models.VGG_BASE_END);
        assertEquals(a, b);
    }

    @Test
    void refusesAnotherVariantWithAMessageNamingTheLayer() {
        ComputationGraph source = trainedDefault();
        ComputationGraph wider = Models.build(BASE.withBaseWidth(4), Optimizer.adam(1e-3));
        var e = assertThrows(IllegalArgumentException.class, () -> BaseTransfer.copyBase(source, wider, "models/x.zip"));
        assertTrue(e.getMessage().contains("models/x.zip") && e.getMessage().contains("block1_conv1"), e.getMessage());
        ComputationGraph noBn = Models.build(BASE.withBatchNorm(false), Optimizer.adam(1e-3));
        ComputationGraph withBn = Models.build(BASE, Optimizer.adam(1e-3));
        var e2 = assertThrows(IllegalArgumentException.class, () -> BaseTransfer.copyBase(noBn, withBn, "plain.zip"));
        assertTrue(e2.getMessage().contains("block1_bn1"), e2.getMessage());
    }
}
