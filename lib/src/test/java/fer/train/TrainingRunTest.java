package fer.train;

import static org.junit.jupiter.api.Assertions.*;

import fer.Profile;
import fer.model.Architecture;
import fer.model.ModelSpec;
import fer.model.PretrainedWeights;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {
    @Test
    void runSavesALoadableModelWhoseManifestSaysWeightsWereRandom(@TempDir Path dir) {
        ModelSpec tiny = ModelSpec.paper(Architecture.CUSTOM).withBaseWidth(2).withInputSide(32).withDense(16, 8);
        TrainingPlan plan = TrainingPlan.of(Profile.QUICK, Architecture.CUSTOM).withModel(tiny).withImages(64, 32)
                .withTrain(TrainingPlan.of(Profile.QUICK, Architecture.CUSTOM).train().withEpochs(2).withBatchSize(16))
                .withBaseFrom(null); // the quick plan copies a trained base; this test is about the random start
        var offline = new PretrainedWeights.Options(dir.resolve("no.zip"), dir.resolve("no.h5"), false, Duration.ofSeconds(1), Duration.ofSeconds(1));
        TrainingRun.Outcome o = TrainingRun.run(fer.TestStudies.quick().withWeights(offline), "tiny", plan, null, dir.resolve("runs/tiny"), dir.resolve("models"), fer.Progress.NONE);

        assertEquals(2, o.history().size());
        assertEquals(PretrainedWeights.Source.RANDOM_INIT, o.weights().source());
        Map<String, Object> m = ModelStore.manifest(o.manifest());
        @SuppressWarnings("unchecked") Map<String, Object> w = (Map<String, Object>) m.get("weights");
        assertEquals("RANDOM_INIT", w.get("source"));
        assertTrue(w.get("notice").toString().contains("RANDOM"));
        assertEquals("synthetic FER", m.get("dataset")); // no FER-2013 in the test tree: the embedded default
        assertEquals(64, ((Number) m.get("train_images")).intValue());
        assertEquals(42, ((Number) m.get("seed")).intValue());
        assertEquals("custom", m.get("architecture"));
        @SuppressWarnings("unchecked") Map<String, Object> metrics = (Map<String, Object>) m.get("metrics");
        assertEquals(o.result().finalMetrics().valAccuracy(), ((Number) metrics.get("val_accuracy")).doubleValue(), 1e-12);

        ComputationGraph loaded = ModelStore.load(o.model());
        assertEquals(o.net().params(), loaded.params());
        assertEquals(2, History.read(dir.resolve("runs/tiny").resolve(Trainer.HISTORY)).size());
    }

    @Test
    void quickCustomModelStartsFromTheTrainedDefaultModelsBaseAndItsManifestSaysSo(@TempDir Path dir) {
        var offline = new PretrainedWeights.Options(dir.resolve("no.zip"), dir.resolve("no.h5"), false, Duration.ofSeconds(1), Duration.ofSeconds(1));
        var study = fer.TestStudies.quick().withWeights(offline);
        var baseZip = dir.resolve("models").resolve(StudyModels.name(Profile.QUICK, Architecture.BASELINE) + ".zip");
        TrainingPlan quickCustom = TrainingPlan.of(Profile.QUICK, Architecture.CUSTOM);
        assertEquals(Architecture.BASELINE, quickCustom.baseFrom());
        assertTrue(quickCustom.model().batchNorm());
        TrainConfig short1 = quickCustom.train().withEpochs(1).withBatchSize(16);
        TrainingPlan custom = quickCustom.withModel(quickCustom.model().withBaseWidth(2).withInputSide(32).withDense(16, 8))
                .withImages(48, 16).withTrain(short1);

        var missing = assertThrows(IllegalStateException.class,
                () -> TrainingRun.run(study, "c", custom, baseZip, dir.resolve("runs/c"), dir.resolve("models"), fer.Progress.NONE));
        assertTrue(missing.getMessage().contains("default-vgg16-quick.zip"), missing.getMessage());

        TrainingPlan quickDefault = TrainingPlan.of(Profile.QUICK, Architecture.BASELINE);
        TrainingPlan base = quickDefault.withModel(quickDefault.model().withBaseWidth(2).withInputSide(32)).withImages(48, 16).withTrain(short1);
        var b = TrainingRun.run(study, StudyModels.name(Profile.QUICK, Architecture.BASELINE), base, null, dir.resolve("runs/b"), dir.resolve("models"), fer.Progress.NONE);
        assertEquals(PretrainedWeights.Source.RANDOM_INIT, b.weights().source());

        TrainingRun.Outcome o = TrainingRun.run(study, "c", custom, baseZip, dir.resolve("runs/c"), dir.resolve("models"), fer.Progress.NONE);
        assertEquals(PretrainedWeights.Source.PROJECT_BASE, o.weights().source());
        Map<String, Object> m = ModelStore.manifest(o.manifest());
        @SuppressWarnings("unchecked") Map<String, Object> w = (Map<String, Object>) m.get("weights");
        assertEquals("PROJECT_BASE", w.get("source"));
        assertEquals("default-vgg16-quick", w.get("base_model"));
        assertEquals(true, w.get("pretrained"));
        String acc = String.format(java.util.Locale.ROOT, "val_accuracy %.3f", b.result().finalMetrics().valAccuracy());
        assertTrue(w.get("detail").toString().contains(acc), w.get("detail") + " should name " + acc);
        @SuppressWarnings("unchecked") Map<String, Object> model = (Map<String, Object>) m.get("model");
        assertEquals(true, model.get("batch_norm"));
        assertEquals(2, ((Number) model.get("base_width")).intValue());
    }
}
