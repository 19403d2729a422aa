package fer.cli;

import static org.junit.jupiter.api.Assertions.*;

import fer.Profile;
import fer.RunLock;
import fer.Study;
import fer.Workspace;
import fer.model.Architecture;
import fer.train.EpochMetrics;
import fer.train.History;
import fer.train.Trainer;
import fer.train.TrainingPlan;
import fer.train.TrainingRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 26 case 5: two {@code fer train --name same} at once both exited 0, history.csv had every epoch twice and the last
 * to finish overwrote the model. A child JVM trains run {@value #NAME} (holding its lock); {@code fer train} of the same
 * name is refused in one line naming the child's PID, exit 2; after the child is killed with SIGKILL its stale lock does
 * not block, and {@code --fresh} trains each epoch once.
 */
class RunLockTest {
    static final String NAME = "issue26-lock-test";

    /** The child: trains run NAME in the project's workspace for far longer than the test waits; "hold F" holds lock F. */
    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("hold")) {
            try (RunLock l = RunLock.acquire(Path.of(args[1]), "held by the test")) {
                System.out.println("HELD");
                System.out.flush();
                Thread.sleep(120_000);
            }
            return;
        }
        TrainingPlan p = TrainingPlan.of(Profile.QUICK, Architecture.SMALL).withImages(64, 32);
        p = p.withTrain(p.train().withEpochs(10_000).withEarlyStopping(null).withReduceLr(null));
        TrainingRun.run(Study.of(Profile.QUICK, Workspace.fromEnvironment()), NAME, p, null);
    }

    @Test
    void aSecondTrainingOfTheSameNameIsRefusedAndAKilledHoldersLockDoesNotBlock() throws Exception {
        Workspace w = Workspace.fromEnvironment();
        Path run = w.runs().resolve(NAME);
        Path lock = run.resolve(RunLock.FILE);
        Path out = Files.createTempFile("issue26-lock", ".log");
        Process child = null;
        try {
            child = child(out);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            String pid = Long.toString(child.pid());
            while (!(Files.exists(lock) && Files.readString(lock, StandardCharsets.UTF_8).strip().equals(pid) && Trainer.epochsDone(run) >= 1)) {
                assertTrue(child.isAlive(), "child ended: " + Files.readString(out));
                assertTrue(System.nanoTime() < deadline, "child held no lock within 120 s: " + Files.readString(out));
                Thread.sleep(50);
            }
            String[] train = {"train", "--model", "small", "--name", NAME, "--epochs", "1", "--train-images", "64", "--val-images", "32"};
            CliRun second = CliRun.of(train);
            assertEquals(2, second.code(), second.out() + second.err());
            assertEquals(1, second.err().strip().lines().count(), second.err());
            assertTrue(second.err().contains("run " + NAME + " is in use by process " + pid), second.err());
            CliRun fresh = CliRun.of(append(train, "--fresh"));
            assertEquals(2, fresh.code(), "--fresh must not discard a run another process holds: " + fresh.err());
            assertTrue(Trainer.epochsDone(run) >= 1, "the holder's run is intact");

            child.destroyForcibly(); // SIGKILL: its OS lock goes with it, the lock file stays
            child.waitFor();
            assertTrue(Files.exists(lock));
            Path figuresManifest = w.figures().resolve("manifest.csv");
            byte[] before = Files.exists(figuresManifest) ? Files.readAllBytes(figuresManifest) : null;
            CliRun after = CliRun.of(append(train, "--fresh"));
            assertEquals(0, after.code(), after.out() + after.err());
            // issue 26 case 7: fer train draws its curves in its run folder, never into the tracked figures/
            assertArrayEquals(before, Files.exists(figuresManifest) ? Files.readAllBytes(figuresManifest) : null, "figures/manifest.csv changed");
            try (var s = Files.list(run)) {
                assertTrue(s.anyMatch(f -> f.getFileName().toString().endsWith(".png")), "the run's curves are in " + run);
            }
            List<Integer> epochs = History.read(run.resolve(Trainer.HISTORY)).epochs().stream().map(EpochMetrics::epoch).toList();
            assertEquals(List.of(1), epochs, "one run's epochs, each once");
        } finally {
            if (child != null) child.destroyForcibly().waitFor();
            TrainingRun.clear(run);
            Files.deleteIfExists(lock);
            Files.deleteIfExists(run);
            for (String f : List.of(NAME + ".zip", NAME + ".json", "." + NAME + ".lock")) Files.deleteIfExists(w.models().resolve(f));
            Files.deleteIfExists(out);
        }
    }

    @Test
    void aSecondSearchAndASecondWriterOfAModelNameAreRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Workspace w = Workspace.fromEnvironment();
        Path search = w.runs().resolve("hpo-" + NAME);
        Path out = dir.resolve("child.log");
        for (Path lock : List.of(search.resolve(RunLock.FILE), dir.resolve("models").resolve("." + NAME + ".lock"))) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RunLockTest.class.getName(), "hold",
                    lock.toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.readString(out).contains("HELD")) {
                    assertTrue(child.isAlive() && System.nanoTime() < deadline, "child holds no lock: " + Files.readString(out));
                    Thread.sleep(20);
                }
                String pid = Long.toString(child.pid());
                if (lock.startsWith(search)) {
                    CliRun r = CliRun.of("tune", "--name", NAME, "--trials", "1", "--epochs", "1");
                    assertEquals(2, r.code(), r.out() + r.err());
                    assertEquals(1, r.err().strip().lines().count(), r.err());
                    assertTrue(r.err().contains("search " + NAME + " is in use by process " + pid), r.err());
                } else {
                    var e = assertThrows(IllegalStateException.class, () -> fer.train.ModelStore.save(
                            fer.evaluate.TinyNets.fixed(16, 1, 7, 1), dir.resolve("models"), NAME, Map.of()));
                    assertTrue(e.getMessage().contains("model " + NAME + " is in use by process " + pid), e.getMessage());
                    assertFalse(Files.exists(dir.resolve("models").resolve(NAME + ".zip")));
                }
            } finally {
                child.destroyForcibly().waitFor();
                Files.writeString(out, "");
            }
        }
        Files.deleteIfExists(search.resolve(RunLock.FILE));
        Files.deleteIfExists(search);
    }

    private static String[] append(String[] a, String x) {
        String[] b = java.util.Arrays.copyOf(a, a.length + 1);
        b[a.length] = x;
        return b;
    }

    private static Process child(Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx1g", "-Dorg.eclipse.deeplearning4j.helpers.disable=false",
                "-Dfer.project.root=" + System.getProperty("fer.project.root"),
                "-cp", System.getProperty("java.class.path"), RunLockTest.class.getName());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }
}
