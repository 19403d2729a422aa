package fer.cli;

import static org.junit.jupiter.api.Assertions.*;

import fer.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 26 case 1 through the CLI: {@code --name ""} once deleted all of runs/ (and saved models/.zip), {@code ..} deleted
 * runs/ before failing, {@code ../../escape} wrote outside the project. Each is now refused in one line, exit 2, before
 * anything is read or touched.
 */
class UnsafeNamesTest {
    @Test
    void badRunAndSearchNamesAreRefusedBeforeAnythingIsTouched() throws Exception {
        Workspace w = Workspace.fromEnvironment();
        Path sentinel = w.runs().resolve("issue26-sentinel").resolve("keep.txt");
        Files.createDirectories(sentinel.getParent());
        Files.writeString(sentinel, "must survive");
        List<String> modelsBefore = list(w.models());
        Path escape = w.runs().resolve("../../escape").normalize();
        try {
            for (String bad : List.of("", "..", "../../escape", ".", "a/b")) {
                CliRun r = CliRun.of("train", "--model", "small", "--name", bad, "--fresh", "--epochs", "1",
                        "--train-images", "64", "--val-images", "32");
                assertEquals(2, r.code(), "--name '" + bad + "': " + r.out() + r.err());
                assertEquals(1, r.err().strip().lines().count(), r.err());
                assertTrue(r.err().contains("run name '"), r.err());
                assertFalse(r.err().contains("\tat "), "no stack trace");
                assertTrue(Files.isRegularFile(sentinel), "runs/ was touched by --name '" + bad + "'");
                assertFalse(Files.exists(escape), "wrote outside the project: " + escape);
                assertEquals(modelsBefore, list(w.models()), "models/ changed for --name '" + bad + "'");

                CliRun t = CliRun.of("tune", "--name", bad, "--fresh", "--trials", "1");
                assertEquals(2, t.code(), "tune --name '" + bad + "': " + t.out() + t.err());
                assertTrue(t.err().contains("search name '"), t.err());
                assertTrue(Files.isRegularFile(sentinel), "runs/ was touched by tune --name '" + bad + "'");
            }
        } finally {
            Files.deleteIfExists(sentinel);
            Files.deleteIfExists(sentinel.getParent());
        }
    }

    @Test
    void freshEmptiesOnlyTheOneRunFolderItNames() throws Exception {
        Workspace w = Workspace.fromEnvironment();
        Path beside = w.runs().resolve("issue26-beside").resolve("keep.txt");
        Path old = w.runs().resolve("issue26-fresh").resolve("old-checkpoint.zip");
        Files.createDirectories(beside.getParent());
        Files.createDirectories(old.getParent());
        Files.writeString(beside, "another run");
        Files.writeString(old, "the earlier run");
        try {
            CliRun r = CliRun.of("train", "--model", "small", "--name", "issue26-fresh", "--fresh", "--epochs", "1",
                    "--train-images", "64", "--val-images", "32");
            assertEquals(0, r.code(), r.out() + r.err());
            assertFalse(Files.exists(old), "--fresh discards the earlier run of that name");
            assertTrue(Files.isRegularFile(beside), "--fresh touched another run");
            assertEquals(1, fer.train.Trainer.epochsDone(old.getParent()));
        } finally {
            fer.train.TrainingRun.clear(old.getParent());
            for (Path p : List.of(old.getParent().resolve(fer.RunLock.FILE), old.getParent(), beside, beside.getParent(),
                    w.models().resolve("issue26-fresh.zip"), w.models().resolve("issue26-fresh.json"), w.models().resolve(".issue26-fresh.lock"))) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static List<String> list(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
