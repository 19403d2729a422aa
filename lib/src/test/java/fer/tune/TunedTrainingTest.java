package fer.tune;

import static org.junit.jupiter.api.Assertions.*;

import fer.model.Architecture;
import fer.model.ModelSpec;
import fer.model.Models;
import fer.model.Optimizer;
import fer.train.TrainingPlan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** best.json flows into the custom model: 3-layer and sigmoid heads included. */
class TunedTrainingTest {
    @Test
    void aThreeLayerSigmoidHeadBuildsOnTheVggBase() {
        ModelSpec spec = ModelSpec.paper(Architecture.CUSTOM).withInputSide(32).withBaseWidth(2).withDense(64, 32)
                .withDense3(16, 0.2).withDenseActivation("sigmoid");
        ComputationGraph net = Models.build(spec, Optimizer.sgd(1e-4));
        ComputationGraph base = Models.build(spec.withDense3(0, 0), Optimizer.sgd(1e-4));
        // the third layer adds Dense 32->16 and changes the softmax's input from 32 to 16
        assertEquals(net.numParams() - base.numParams(), (32L * 16 + 16 + 16L * 7 + 7) - (32L * 7 + 7), "the third layer's parameters");
        var fc3 = (org.deeplearning4j.nn.conf.layers.BaseLayer) net.getLayer("fc3").conf().getLayer();
        assertInstanceOf(org.nd4j.linalg.activations.impl.ActivationSigmoid.class, fc3.getActivationFn());
        assertNotNull(net.getLayer("dropout3"));
        assertFalse(base.getConfiguration().getVertices().containsKey("fc3"), "no third layer by default");
    }

    @Test
    void bestJsonMapsOntoTheCustomPlan(@TempDir Path dir) throws Exception {
        Path best = dir.resolve("best.json");
        Files.writeString(best, """
                {"search": "x", "objective": "val_accuracy", "value": 0.5,
                 "hyperparameters": {"num_layers": 2, "units_1": 1024, "units_2": 512, "dropout_1": 0.4, "dropout_2": 0.3,
                                     "optimizer": "sgd", "learning_rate": 0.0001, "batch_size": 256, "activation": "relu"}}
                """);
        TrainingPlan p = BestHyperparameters.read(best).applyTo(TrainingPlan.of(fer.Profile.QUICK, Architecture.CUSTOM));
        assertEquals(1024, p.model().dense1());
        assertEquals(512, p.model().dense2());
        assertEquals(0, p.model().dense3());
        assertEquals(0.4, p.model().dropout1());
        assertEquals(0.3, p.model().dropout2());
        assertEquals(Optimizer.sgd(1e-4), p.train().optimizer());
        assertEquals(256, p.train().batchSize());
    }

    @Test
    void aBestFileOutsideTheSpaceIsRejectedWithItsName(@TempDir Path dir) throws Exception {
        Path best = dir.resolve("best.json");
        Files.writeString(best, "{\"hyperparameters\": {\"num_layers\": 4}}");
        var e = assertThrows(IllegalArgumentException.class, () -> BestHyperparameters.read(best));
        assertTrue(e.getMessage().startsWith(best.toString()) && e.getMessage().contains("num_layers"), e.getMessage());
    }

    @Test
    void trainHparamsRefusesAModelWithoutTheHead(@TempDir Path dir) throws Exception {
        Path best = dir.resolve("best.json");
        Files.writeString(best, "{}");
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            assertEquals(2, fer.cli.FerCli.run("train", "--model", "baseline", "--hparams", best.toString()));
        } finally {
            System.setErr(err);
        }
        assertTrue(buf.toString().contains("--model custom"), buf.toString());
    }
}
