package fer.bench;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoadWatchTest {
    @Test
    void parsesStatLinesWhoseCommandHasSpacesAndParentheses() {
        var s = LoadWatch.parseStat("4242 (my (odd) cmd) R 17 4242 4242 0 -1 4194304 100 0 0 0 250 30 0 0 20 0 1 0 100 0 0");
        assertEquals(4242, s.pid());
        assertEquals(17, s.ppid());
        assertEquals("my (odd) cmd", s.command());
        assertEquals(280, s.ticks());
    }

    @Test
    void ownTreeHoldsThisJvmAndItsChildrenOnly() {
        var procs = Map.of(
                1L, new LoadWatch.Sample(1, 0, "init", 0),
                ProcessHandle.current().pid(), new LoadWatch.Sample(ProcessHandle.current().pid(), 1, "java", 0),
                900_001L, new LoadWatch.Sample(900_001L, ProcessHandle.current().pid(), "python3", 0),
                900_002L, new LoadWatch.Sample(900_002L, 900_001L, "python3-worker", 0),
                900_003L, new LoadWatch.Sample(900_003L, 1, "other", 0));
        var tree = LoadWatch.ownTree(procs);
        assertTrue(tree.containsAll(java.util.List.of(ProcessHandle.current().pid(), 900_001L, 900_002L)));
        assertFalse(tree.contains(900_003L));
        assertFalse(tree.contains(1L));
    }

    /** A busy loop outside this JVM's process tree (re-parented to init) must be seen and flagged. */
    @Test
    void flagsABusyProcessOutsideTheBenchmark() throws Exception {
        assumeTrue(LoadWatch.available(), "no /proc here");
        // the subshell's background loop outlives sh, so it is re-parented away from this JVM; pure shell
        // arithmetic (no $(date) per turn) keeps the CPU in that one process instead of short-lived children
        Process sh = new ProcessBuilder("sh", "-c", "(i=0; while [ $i -lt 400000000 ]; do i=$((i+1)); done) >/dev/null 2>&1 & echo $!")
                .redirectErrorStream(true).start();
        long loop = Long.parseLong(new String(sh.getInputStream().readAllBytes()).trim());
        assertTrue(sh.waitFor(10, TimeUnit.SECONDS));
        try {
            var open = new LoadWatch().start("test");
            Thread.sleep(1500);
            LoadWatch.Interval iv = open.close();
            assertTrue(iv.othersCores() > 0.2, iv.describe());
            assertTrue(iv.contended(), iv.describe());
            assertTrue(iv.describe().contains("WARNING"), iv.describe());
        } finally {
            ProcessHandle.of(loop).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
