package fer.train;

import static org.junit.jupiter.api.Assertions.*;

import fer.model.Architecture;
import fer.model.ModelSpec;
import fer.model.Models;
import fer.model.Optimizer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    static ModelSpec tinySpec() {
        return ModelSpec.paper(Architecture.SMALL).withInputSide(16).withNumClasses(4).withDense(32, 32).withDropout(0.1, 0.1);
    }

    @Test
    @Tag("slow") // 10 epochs of a small CNN; skip with -DexcludedGroups=slow
    void learnsAnEasyTaskWritesHistoryAndCheckpointsAndReportsAccuracy(@TempDir Path run) {
        // 10 epochs: batch-norm running statistics lag the weights for the first few (inference accuracy trails)
        TrainConfig cfg = new TrainConfig(Optimizer.adam(1e-3), 32, 10, null, null, 1);
        Trainer.Result r = new Trainer(cfg, run)
                .fit(() -> Models.build(tinySpec(), cfg.optimizer()), new TinyImages(256, 16, 4, 32, 1, 0), new TinyImages(96, 16, 4, 32, 2, 0), cfg.callbacks());
        assertEquals(10, r.history().size());
        EpochMetrics last = r.history().last();
        assertTrue(last.valAccuracy() > 0.8, "easy task should be learned: " + last);
        assertTrue(last.accuracy() > 0.5 && last.accuracy() <= 1.0, "training accuracy tracked: " + last);
        assertTrue(r.history().epochs().get(0).loss() > last.loss(), "loss falls");
        History onDisk = History.read(run.resolve(Trainer.HISTORY));
        assertEquals(10, onDisk.size());
        assertEquals(last.valAccuracy(), onDisk.last().valAccuracy(), 1e-6);
        assertTrue(Files.exists(run.resolve("checkpoint-epoch-010.zip")));
        assertFalse(Files.exists(run.resolve("checkpoint-epoch-009.zip")), "older checkpoints removed");
        assertEquals(10, Trainer.epochsDone(run));
        // training accuracy agrees with an independent evaluation within dropout noise
        double[] trainEval = Trainer.evaluate(r.net(), new TinyImages(256, 16, 4, 32, 1, 0));
        assertEquals(trainEval[1], last.accuracy(), 0.15);
    }

    @Test
    void reduceLrChangesTheOptimisersRateAndEarlyStoppingRestoresBest(@TempDir Path run) {
        // val_loss can never improve by 10: every epoch after the first counts as a plateau
        TrainConfig cfg = new TrainConfig(Optimizer.adam(1e-2), 32, 10,
                new ReduceLrOnPlateau.Config(Monitor.VAL_LOSS, 0.5, 1, 10.0, 0, 1e-4),
                new EarlyStopping.Config(Monitor.VAL_LOSS, 2, 10.0, true), 1);
        Trainer.Result r = new Trainer(cfg, run)
                .fit(() -> Models.build(tinySpec(), cfg.optimizer()), new TinyImages(64, 16, 4, 32, 1, 0), new TinyImages(32, 16, 4, 32, 2, 0), cfg.callbacks());
        assertTrue(r.stoppedEarly());
        assertEquals(3, r.history().size(), "best at epoch 1, patience 2");
        assertEquals(1e-2, r.history().epochs().get(0).learningRate(), 1e-12);
        assertEquals(1e-2, r.history().epochs().get(1).learningRate(), 1e-12, "cut decided at the end of epoch 2");
        assertEquals(5e-3, r.history().epochs().get(2).learningRate(), 1e-12);
        assertEquals(1, r.bestEpoch());
        assertTrue(r.restoredBest());
        double[] now = Trainer.evaluate(r.net(), new TinyImages(32, 16, 4, 32, 2, 0));
        assertEquals(r.history().epochs().get(0).valLoss(), now[0], 1e-5, "weights of epoch 1 restored");
        // the learning rate is part of the saved updater: a restored checkpoint trains at the reduced rate
        ComputationGraph ckpt = Trainer.restore(run.resolve("checkpoint-epoch-003.zip"));
        assertEquals(2.5e-3, ckpt.getLearningRate(Models.OUTPUT), 1e-12);
    }

    @Test
    void callbacksTheCallerPassesSeeEveryBatchAndEpochAndCanStopAndChangeTheRate(@TempDir Path run) {
        TrainConfig cfg = new TrainConfig(Optimizer.adam(1e-2), 32, 10, null, null, 1);
        java.util.List<String> seen = new java.util.ArrayList<>();
        TrainingCallback mine = new TrainingCallback() {
            @Override public void onTrainBegin(int epochs, String note) { seen.add("begin " + epochs); }

            @Override public void onBatchEnd(Batch b) { if (b.batch() == 1) seen.add("batch " + b.epoch() + "." + b.batch()); }

            @Override public void onEpochEnd(EpochMetrics m, EpochControl c) {
                if (m.epoch() == 1) c.setLearningRate(1e-3, "mine: lr -> 1e-3");
                if (m.epoch() == 2) c.stop("mine: enough");
            }

            @Override public void onEpochDone(EpochMetrics m, String notes) { seen.add("done " + m.epoch() + " [" + notes + "]"); }

            @Override public void onTrainEnd(Trainer.Result r) { seen.add("end " + r.history().size()); }
        };
        Trainer.Result r = new Trainer(cfg, run).fit(() -> Models.build(tinySpec(), cfg.optimizer()), new TinyImages(64, 16, 4, 32, 1, 0),
                new TinyImages(32, 16, 4, 32, 2, 0), java.util.List.of(mine));
        assertEquals(java.util.List.of("begin 10", "batch 1.1", "done 1 [mine: lr -> 1e-3]", "batch 2.1", "done 2 [mine: enough]", "end 2"), seen);
        assertTrue(r.stoppedEarly());
        assertEquals(1e-3, r.history().epochs().get(1).learningRate(), 1e-12, "epoch 2 ran at the rate the callback set");
    }
}
