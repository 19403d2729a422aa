package fer.train;

import static org.junit.jupiter.api.Assertions.*;

import fer.model.Models;
import fer.model.Optimizer;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26 case 7 (disk and permissions): a full disk during training left a {@code .tmp} checkpoint and the rerun failed
 * with "Cannot rewrite history.csv"; a run folder that could not be created was reported without the cause. The run
 * folder lives on a small tmpfs mounted by the test (skipped, saying why, where mounting is not allowed): the disk fills
 * during a checkpoint, the error names the file and "No space left on device", no temporary file is left, the last
 * checkpoint still resumes, and after space is freed the rerun finishes the run.
 */
class DiskFullTest {
    @TempDir Path base;
    Path disk;
    boolean mounted;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = Files.createDirectories(base.resolve("small-disk"));
        String why = sh("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", disk.toString());
        Assumptions.assumeTrue(why == null, () -> "cannot mount a tmpfs here (" + why + "): needs root or CAP_SYS_ADMIN");
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) sh("umount", disk.toString());
    }

    static TrainConfig config(int epochs) {
        return new TrainConfig(Optimizer.adam(1e-3), 32, epochs, null, null, 1);
    }

    static Trainer.Result fit(Path run, int epochs) {
        TrainConfig cfg = config(epochs);
        return new Trainer(cfg, run).fit(() -> Models.build(TrainerTest.tinySpec(), cfg.optimizer()),
                new TinyImages(128, 16, 4, 32, 1, 0), new TinyImages(64, 16, 4, 32, 2, 0), List.of());
    }

    @Test
    void aFullDiskDuringACheckpointLeavesTheLastOneValidAndTheRerunResumes() throws Exception {
        Path run = disk.resolve("run");
        fit(run, 1);
        long checkpoint = Files.size(run.resolve("checkpoint-epoch-001.zip"));
        var store = Files.getFileStore(disk);
        long used = store.getTotalSpace() - store.getUsableSpace();
        // room for half a checkpoint more: epoch 2's checkpoint cannot be written beside epoch 1's
        long size = (used + checkpoint / 2) / 4096 * 4096;
        assertNull(sh("mount", "-o", "remount,size=" + size, disk.toString()));

        var e = assertThrows(UncheckedIOException.class, () -> fit(run, 2));
        assertTrue(e.getMessage().contains(run.resolve("checkpoint-epoch-002.zip").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals(List.of(), leftovers(run), "no temporary file left behind");
        assertEquals(1, Trainer.epochsDone(run), "the previous state is still the resume point");
        assertNotNull(Trainer.restore(run.resolve("checkpoint-epoch-001.zip")));
        assertEquals(1, History.read(run.resolve(Trainer.HISTORY)).size());

        assertNull(sh("mount", "-o", "remount,size=64m", disk.toString())); // space freed
        Trainer.Result r = fit(run, 2);
        assertEquals(1, r.resumedFromEpoch());
        assertEquals(2, History.read(run.resolve(Trainer.HISTORY)).size());
        assertEquals(List.of(), leftovers(run));
    }

    @Test
    void aRunFolderThatCannotBeCreatedIsReportedWithItsCause() throws Exception {
        assertNull(sh("mount", "-o", "remount,ro", disk.toString()));
        Path run = disk.resolve("cannot-create");
        var e = assertThrows(UncheckedIOException.class, () -> fit(run, 1));
        assertTrue(e.getMessage().contains(run.toString()) && e.getMessage().contains("Read-only file system"), e.getMessage());
    }

    @Test
    void aFullDiskUnderFerLiveOutNamesTheLogAndTheCause() throws Exception {
        assertNull(sh("mount", "-o", "remount,size=64k", disk.toString()));
        Path file = disk.resolve("live").resolve(fer.live.DetectionLog.FILE);
        var classes = fer.data.Emotion.FER2013;
        float[] p = new float[classes.size()];
        p[3] = 1;
        var face = new fer.live.TrackedFace(1, new fer.live.Box(10, 10, 40, 40), p, p, 1);
        var e = assertThrows(UncheckedIOException.class, () -> {
            try (var log = new fer.live.DetectionLog(file, classes)) {
                for (int i = 0; i < 100_000; i++) log.write(i, "frame-" + i, i / 30.0, List.of(face));
            }
        });
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("No space left on device"), e.getMessage());
    }

    private static List<String> leftovers(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp") || n.contains(".tmp")).toList();
        }
    }

    /** Runs a command; null when it succeeded, else its exit code and output. */
    static String sh(String... cmd) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            return cmd[0] + " not runnable: " + e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", cmd) + " timed out";
        }
        return p.exitValue() == 0 ? null : String.join(" ", cmd) + " exit " + p.exitValue() + ": " + out;
    }
}
