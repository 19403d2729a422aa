package fer.train;

import static org.junit.jupiter.api.Assertions.*;

import fer.Profile;
import fer.Progress;
import fer.Study;
import fer.Workspace;
import fer.model.Architecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26 case 6: a run killed and resumed reached epoch-2 loss 1.8464 where uninterrupted runs gave 1.8553 — the shuffle
 * order, augmentation and dropout state were not part of the checkpoint. The small CNN (quick profile, 64 training and
 * 32 validation images, Table 1 augmentation, dropout) is trained uninterrupted in one child JVM, and in another killed
 * with SIGKILL inside epoch 3 and resumed in a third: the saved weights and every epoch's metrics must agree bit for bit.
 */
class ExactResumeTest {
    static final int EPOCHS = 4;

    /** The child: trains run "exact" in {@code args[0]} (run folder) / {@code args[1]} (models); "slow" sleeps per batch. */
    public static void main(String[] args) {
        boolean slow = args.length > 2 && args[2].equals("slow");
        Progress progress = new Progress() {
            @Override public void log(String line) {
                System.out.println(line);
            }

            @Override public void live(String line) {
                if (slow) {
                    try {
                        Thread.sleep(300); // per batch: the kill lands inside an epoch
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        TrainingPlan p = TrainingPlan.of(Profile.QUICK, Architecture.SMALL).withImages(64, 32);
        p = p.withTrain(p.train().withEpochs(EPOCHS));
        TrainingRun.Outcome o = TrainingRun.run(Study.of(Profile.QUICK, Workspace.fromEnvironment()), "exact", p, null,
                Path.of(args[0]), Path.of(args[1]), progress, false);
        System.out.println("RESUMED_FROM " + o.result().resumedFromEpoch());
    }

    @Test
    void killedAndResumedTrainingGivesTheUninterruptedWeightsBitForBit(@TempDir Path dir) throws Exception {
        Path refRun = dir.resolve("ref/run"), refModels = dir.resolve("ref/models");
        Path run = dir.resolve("killed/run"), models = dir.resolve("killed/models");
        Process ref = child(refRun, refModels, false, dir.resolve("ref.log"));

        Process first = child(run, models, true, dir.resolve("first.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (Trainer.epochsDone(run) < 2) {
            assertTrue(first.isAlive(), "child ended early: " + Files.readString(dir.resolve("first.log")));
            assertTrue(System.nanoTime() < deadline, "no checkpoint after 120 s");
            Thread.sleep(20);
        }
        Thread.sleep(350); // inside epoch 3: one of its two batches done
        first.destroyForcibly(); // SIGKILL
        first.waitFor();
        int done = Trainer.epochsDone(run);
        assertTrue(done >= 2 && done < EPOCHS, "killed inside the run, after epoch " + done);

        assertTrue(ref.waitFor(120, TimeUnit.SECONDS), "reference run did not finish");
        assertEquals(0, ref.exitValue(), Files.readString(dir.resolve("ref.log")));
        Process second = child(run, models, false, dir.resolve("second.log"));
        assertTrue(second.waitFor(120, TimeUnit.SECONDS), "resumed run did not finish");
        String log = Files.readString(dir.resolve("second.log"));
        assertEquals(0, second.exitValue(), log);
        assertTrue(log.contains("RESUMED_FROM " + done), log);

        List<String> a = rows(refRun), b = rows(run);
        assertEquals(a, b, "every epoch's loss, accuracy, val_loss, val_accuracy and lr");
        float[] wa = ModelStore.load(refModels.resolve("exact.zip")).params().toFloatVector();
        float[] wb = ModelStore.load(models.resolve("exact.zip")).params().toFloatVector();
        int differ = 0;
        for (int i = 0; i < wa.length; i++) if (Float.floatToRawIntBits(wa[i]) != Float.floatToRawIntBits(wb[i])) differ++;
        System.out.printf("killed after epoch %d, resumed: %d of %d weights differ from the uninterrupted run; epoch rows %s%n",
                done, differ, wa.length, b);
        assertEquals(wa.length, wb.length);
        assertEquals(0, differ, "weights differing bit-wise from the uninterrupted run");
        assertTrue(Arrays.equals(wa, wb));
    }

    /** history.csv without its seconds column. */
    static List<String> rows(Path run) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve(Trainer.HISTORY))) out.add(line.substring(0, line.lastIndexOf(',')));
        return out;
    }

    private static Process child(Path run, Path models, boolean slow, Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-Dorg.eclipse.deeplearning4j.helpers.disable=false",
                "-Dfer.project.root=" + System.getProperty("fer.project.root"),
                "-cp", System.getProperty("java.class.path"), ExactResumeTest.class.getName(), run.toString(), models.toString()));
        if (slow) cmd.add("slow");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }
}
