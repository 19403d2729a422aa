package fer.tune;

import static org.junit.jupiter.api.Assertions.*;

import fer.train.EpochMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class HeadTrialsTest {
    static Map<String, Object> config(int layers, String optimizer, double lr, String activation) {
        Map<String, Object> c = new HashMap<>(Map.of("num_layers", layers, "units_1", 256, "units_2", 256, "dropout_1", 0.2,
                "dropout_2", 0.2, "optimizer", optimizer, "learning_rate", lr, "batch_size", 128, "activation", activation));
        if (layers == 3) {
            c.put("units_3", 256);
            c.put("dropout_3", 0.1);
        }
        return c;
    }

    @Test
    void theHeadHasTheReportsStructure() {
        Map<String, Object> c = config(3, "sgd", 1e-4, "sigmoid");
        c.put("units_1", 1024);
        ComputationGraph net = HeadTrials.head(HeadHyperparameters.from(c), 512, 7, 1);
        // Dense 512x1024 + 1024x256 + 256x256 + softmax 256x7 (weights and biases); dropouts have none
        assertEquals(512L * 1024 + 1024 + 1024L * 256 + 256 + 256L * 256 + 256 + 256L * 7 + 7, net.numParams());
        var fc3 = (org.deeplearning4j.nn.conf.layers.BaseLayer) net.getLayer("fc3").conf().getLayer();
        assertInstanceOf(org.nd4j.linalg.activations.impl.ActivationSigmoid.class, fc3.getActivationFn());
        assertNotNull(net.getLayer("dropout3"));
    }

    @Test
    void goodSettingsLearnTheClustersAndATinyLearningRateDoesNot(@TempDir Path dir) throws Exception {
        HeadTrials t = Clusters.trials(560, 32);
        List<EpochMetrics> adam = t.train(config(2, "Adam", 1e-3, "relu"), 1, 0, 4, dir.resolve("a"), false, m -> { });
        List<EpochMetrics> sgd = t.train(config(2, "sgd", 1e-4, "sigmoid"), 1, 0, 4, dir.resolve("b"), false, m -> { });
        double best = adam.stream().mapToDouble(EpochMetrics::valAccuracy).max().orElseThrow();
        double slow = sgd.stream().mapToDouble(EpochMetrics::valAccuracy).max().orElseThrow();
        assertTrue(best > 0.85, "Adam 1e-3 separates well-separated clusters: " + best);
        assertTrue(slow < best - 0.3, "SGD 1e-4 with sigmoid barely moves in 4 epochs: " + slow + " vs " + best);
        assertEquals(List.of(1, 2, 3, 4), adam.stream().map(EpochMetrics::epoch).toList());
    }

    @Test
    void aPromotedConfigurationContinuesFromItsSavedState(@TempDir Path dir) throws Exception {
        HeadTrials t = Clusters.trials(280, 16);
        Map<String, Object> c = config(2, "Adam", 1e-3, "relu");
        List<EpochMetrics> first = t.train(c, 3, 0, 2, dir, true, m -> { });
        List<EpochMetrics> seen = new ArrayList<>();
        List<EpochMetrics> more = t.train(c, 3, 2, 5, dir, false, seen::add);
        assertEquals(List.of(3, 4, 5), more.stream().map(EpochMetrics::epoch).toList());
        assertEquals(more, seen);
        assertTrue(more.get(0).loss() < first.get(0).loss(), "epoch 3 starts from trained weights, not from scratch");
        var e = assertThrows(IllegalStateException.class, () -> t.train(c, 3, 4, 6, dir, false, m -> { }));
        assertTrue(e.getMessage().contains("head-epoch-004.zip"), e.getMessage());
    }

    @Test
    void aContinuedConfigurationTrainsAsOneTrainedStraightThrough(@TempDir Path dir) throws Exception {
        HeadTrials t = Clusters.trials(280, 16);
        Map<String, Object> c = config(2, "Adam", 1e-3, "relu");
        c.put("dropout_1", 0.5);
        List<EpochMetrics> straight = t.train(c, 5, 0, 4, dir.resolve("a"), false, m -> { });
        t.train(c, 5, 0, 2, dir.resolve("b"), true, m -> { });
        // another trial in between on this thread moves ND4J's generator, as on a cluster's task thread
        t.train(config(2, "sgd", 1e-2, "relu"), 9, 0, 1, dir.resolve("c"), false, m -> { });
        List<EpochMetrics> continued = t.train(c, 5, 2, 4, dir.resolve("b"), false, m -> { });
        for (int i = 0; i < 2; i++) {
            assertEquals(straight.get(i + 2).loss(), continued.get(i).loss(), 1e-6, "epoch " + (i + 3) + " loss");
            assertEquals(straight.get(i + 2).valAccuracy(), continued.get(i).valAccuracy(), 1e-9, "epoch " + (i + 3));
        }
    }

    @Test
    void theShippedFeaturesTrainTheSameAsTheOriginal(@TempDir Path dir) throws Exception {
        HeadTrials t = Clusters.trials(280, 16);
        // through Java serialization, as a Spark broadcast ships it to an executor
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(t.source());
        }
        TrialRunnerSource back;
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            back = (TrialRunnerSource) in.readObject();
        }
        assertEquals(t.source().key(), back.key());
        TrialRunner copy = back.open();
        assertEquals(t.trainImages(), copy.trainImages());
        Map<String, Object> c = config(2, "Adam", 1e-3, "relu");
        List<EpochMetrics> a = t.train(c, 7, 0, 2, dir.resolve("a"), false, m -> { });
        List<EpochMetrics> b = copy.train(c, 7, 0, 2, dir.resolve("b"), false, m -> { });
        for (int i = 0; i < 2; i++) {
            assertEquals(a.get(i).loss(), b.get(i).loss(), 0.0, "epoch " + (i + 1) + " loss");
            assertEquals(a.get(i).valAccuracy(), b.get(i).valAccuracy(), 0.0, "epoch " + (i + 1) + " val_accuracy");
        }
        assertNotEquals(t.source().key(), Clusters.trials(280, 8).source().key(), "other features, other key");
    }

    @Test
    void aNanLossFailsTheTrialWithAMessage(@TempDir Path dir) {
        INDArray[] tr = Clusters.make(200, 8, 1, 2);
        tr[0].putScalar(5, 3, Double.NaN);
        INDArray[] va = Clusters.make(100, 8, 1, 3);
        HeadTrials t = new HeadTrials(tr[0], tr[1], va[0], va[1], "clusters", "NaN features");
        var e = assertThrows(ArithmeticException.class, () -> t.train(config(2, "Adam", 1e-3, "relu"), 1, 0, 2, dir, false, m -> { }));
        assertTrue(e.getMessage().contains("loss is NaN at epoch 1"), e.getMessage());
    }
}
