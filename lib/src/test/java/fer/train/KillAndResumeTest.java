package fer.train;

import static org.junit.jupiter.api.Assertions.*;

import fer.model.Models;
import fer.model.Optimizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A training JVM killed with SIGKILL mid-epoch resumes from its last checkpoint, not from scratch. */
class KillAndResumeTest {
    static final int EPOCHS = 6;

    /** The child JVM: trains the tiny net into the run directory given as argument. */
    public static void main(String[] args) {
        Path run = Path.of(args[0]);
        TrainConfig cfg = new TrainConfig(Optimizer.adam(1e-3), 32, EPOCHS,
                new ReduceLrOnPlateau.Config(Monitor.VAL_LOSS, 0.5, 1, 0, 0, 1e-5), null, 1);
        Trainer.Result r = new Trainer(cfg, run)
                // 8 batches x 120 ms: an epoch lasts ~1 s, long enough to be killed inside
                .fit(() -> Models.build(TrainerTest.tinySpec(), cfg.optimizer()),
                        new TinyImages(256, 16, 4, 32, 1, 120), new TinyImages(64, 16, 4, 32, 2, 0), cfg.callbacks());
        System.out.println("RESUMED_FROM " + r.resumedFromEpoch());
        System.out.println("EPOCHS " + r.history().size());
    }

    @Test
    @Tag("slow") // two child JVMs, ~15 s quiet; skip with -DexcludedGroups=slow
    void killedRunResumesFromItsLastCheckpoint(@TempDir Path run) throws Exception {
        Process first = child(run, run.resolve("first.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (Trainer.epochsDone(run) < 2) {
            assertTrue(first.isAlive(), "child died early: " + Files.readString(run.resolve("first.log")));
            assertTrue(System.nanoTime() < deadline, "no checkpoint after 40 s");
            Thread.sleep(50);
        }
        Thread.sleep(400); // inside epoch 3
        first.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
        first.waitFor();
        int done = Trainer.epochsDone(run);
        assertTrue(done >= 2 && done < EPOCHS, "killed mid-run, after epoch " + done);
        assertEquals(done, History.read(run.resolve(Trainer.HISTORY)).size());

        Process second = child(run, run.resolve("second.log"));
        assertTrue(second.waitFor(60, TimeUnit.SECONDS), "resumed run did not finish");
        String log = Files.readString(run.resolve("second.log"));
        assertEquals(0, second.exitValue(), log);
        assertTrue(log.contains("RESUMED_FROM " + done), "expected resume after epoch " + done + ":\n" + log);
        assertTrue(log.contains("EPOCHS " + EPOCHS), log);
        History h = History.read(run.resolve(Trainer.HISTORY));
        List<Integer> epochs = new ArrayList<>();
        for (EpochMetrics m : h.epochs()) epochs.add(m.epoch());
        assertEquals(List.of(1, 2, 3, 4, 5, 6), epochs, "each epoch once, none lost, none repeated");
    }

    private static Process child(Path run, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx1g", "-Dorg.eclipse.deeplearning4j.helpers.disable=false",
                "-cp", System.getProperty("java.class.path"), KillAndResumeTest.class.getName(), run.toString());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

}
