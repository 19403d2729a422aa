package fer.train;

import static org.junit.jupiter.api.Assertions.*;

import fer.Profile;
import fer.Progress;
import fer.model.Architecture;
import fer.model.ModelSpec;
import fer.model.Optimizer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26 case 4: a run interrupted after epoch 1 and rerun with {@code --lr 0.01 --batch 64} went on at the old rate and
 * batch while the manifest claimed the new ones, and another {@code --model} failed inside DL4J. A resume with other
 * settings is now refused naming each difference; only the number of epochs may change; the manifest says what ran.
 */
class ResumeSettingsTest {
    static TrainingPlan small(int epochs) {
        TrainingPlan p = TrainingPlan.of(Profile.QUICK, Architecture.SMALL).withImages(64, 32);
        return p.withModel(p.model().withInputSide(32)).withTrain(p.train().withEpochs(epochs));
    }

    static TrainingRun.Outcome run(Path dir, TrainingPlan plan) {
        return TrainingRun.run(fer.TestStudies.quick(), "r", plan, null, dir.resolve("runs/r"), dir.resolve("models"), Progress.NONE);
    }

    @Test
    void aResumeWithOtherSettingsIsRefusedAndTheManifestSaysWhatRan(@TempDir Path dir) {
        TrainingRun.Outcome first = run(dir, small(1)); // as if killed after epoch 1 of 3
        assertEquals(1, first.history().size());
        double lr = small(1).train().optimizer().learningRate();

        TrainingPlan faster = small(3).withTrain(small(3).train().withOptimizer(Optimizer.adam(0.01)).withBatchSize(64));
        var e = assertThrows(IllegalArgumentException.class, () -> run(dir, faster));
        assertTrue(e.getMessage().contains("train.optimizer.learning_rate: was " + lr + ", now 0.01"), e.getMessage());
        assertTrue(e.getMessage().contains("train.batch_size: was 32, now 64"), e.getMessage());
        assertFalse(e.getMessage().contains("train.epochs: was"), "epochs may change: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());

        ModelSpec custom = ModelSpec.paper(Architecture.CUSTOM).withBaseWidth(2).withInputSide(32).withDense(16, 8);
        TrainingPlan other = small(3).withModel(custom);
        var m = assertThrows(IllegalArgumentException.class, () -> run(dir, other));
        assertTrue(m.getMessage().contains("model.architecture: was small, now custom"), m.getMessage());
        assertEquals(1, Trainer.epochsDone(dir.resolve("runs/r")), "a refused resume leaves the run as it was");

        // the same settings with more epochs: resumed, and the manifest names the rate and batch that actually ran
        TrainingRun.Outcome resumed = run(dir, small(2));
        assertEquals(1, resumed.result().resumedFromEpoch());
        assertEquals(2, resumed.history().size());
        Map<String, Object> manifest = ModelStore.manifest(resumed.manifest());
        @SuppressWarnings("unchecked") Map<String, Object> training = (Map<String, Object>) manifest.get("training");
        assertEquals(Optimizer.adam(lr).toString(), training.get("optimizer"));
        assertEquals(32, ((Number) training.get("batch_size")).intValue());
        assertEquals(2, ((Number) training.get("max_epochs")).intValue());
        for (EpochMetrics h : History.read(dir.resolve("runs/r").resolve(Trainer.HISTORY)).epochs()) {
            assertTrue(h.learningRate() <= lr, "epoch " + h.epoch() + " ran at " + h.learningRate());
        }
    }
}
