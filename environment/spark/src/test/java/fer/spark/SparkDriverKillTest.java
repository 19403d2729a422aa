package fer.spark;

import static org.junit.jupiter.api.Assertions.*;

import fer.tune.HeadTrials;
import fer.tune.Search;
import fer.tune.SearchConfig;
import fer.tune.SearchProgress;
import fer.tune.SearchResult;
import fer.tune.SearchSpace;
import fer.tune.Strategy;
import fer.tune.TrialLog;
import fer.tune.TrialRecord;
import fer.tune.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver of a search on Spark {@code local[2]} killed with SIGKILL while trials run, started again: trials that
 * ended before the kill come from the log, the ones the kill interrupted run again (attempt 2), each trial ends
 * exactly once in the log, and the result equals the same search run locally without a kill.
 */
@Tag("slow")
class SparkDriverKillTest {
    static SearchConfig config() {
        return SearchConfig.of("driver-kill", SearchSpace.table2(), Strategy.RANDOM, 6, 2, 33);
    }

    /** The child JVM: runs (or resumes) the search on local[2] in args[0], trials leaving markers in args[1]. */
    public static void main(String[] args) throws Exception {
        HeadTrials heads = TestFeatures.heads(240, 16);
        SlowHeads slow = new SlowHeads((HeadTrials.Features) heads.source(), 600, args[1]);
        var sc = new JavaSparkContext(SparkTrialExecutors.conf("local[2]", "SparkDriverKillTest")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
        SearchResult r;
        try (SparkTrialExecutor ex = new SparkTrialExecutor(sc, slow, true)) {
            r = Search.run(config(), heads, ex, Path.of(args[0]), SearchProgress.silent());
        }
        System.out.println("KEPT " + r.keptFromLog());
        System.out.println("TRIALS " + r.trials().size());
    }

    @Test
    void aKilledDriverResumesFromTheLog(@TempDir Path dir) throws Exception {
        SearchResult local = Search.run(config(), TestFeatures.heads(240, 16), dir.resolve("local"), SearchProgress.silent());
        Path searchDir = dir.resolve("spark");
        Path markers = dir.resolve("markers");
        TrialLog log = new TrialLog(searchDir);
        Process first = child(searchDir, markers, dir.resolve("first.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        try {
            // two trials ended and another one training (its marker written, its end not logged)
            while (!midSearch(log, markers)) {
                assertTrue(first.isAlive(), "child ended early: " + Files.readString(dir.resolve("first.log")));
                assertTrue(System.nanoTime() < deadline, "no mid-search moment within 240 s");
                Thread.sleep(20);
            }
        } finally {
            first.descendants().forEach(ProcessHandle::destroyForcibly);
            first.destroyForcibly(); // SIGKILL: the driver and its local executor die together
            first.waitFor(30, TimeUnit.SECONDS);
        }
        Map<Integer, TrialRecord> before = log.latest();
        Set<Integer> endedBefore = new HashSet<>();
        before.forEach((id, r) -> {
            if (r.status().finished()) endedBefore.add(id);
        });
        List<Integer> interrupted = new ArrayList<>();
        before.forEach((id, r) -> {
            if (r.status() == TrialStatus.RUNNING) interrupted.add(id);
        });
        assertTrue(endedBefore.size() >= 2 && !interrupted.isEmpty(), "ended " + endedBefore + ", running " + interrupted);

        Process second = child(searchDir, markers, dir.resolve("second.log"));
        try {
            assertTrue(second.waitFor(240, TimeUnit.SECONDS), "the resumed search did not finish");
        } finally {
            second.destroyForcibly();
        }
        String out = Files.readString(dir.resolve("second.log"));
        assertEquals(0, second.exitValue(), out);
        assertTrue(out.contains("KEPT " + endedBefore.size()), out);
        assertTrue(out.contains("TRIALS 6"), out);

        Map<Integer, TrialRecord> fin = log.latest();
        assertEquals(6, fin.size());
        for (TrialRecord r : fin.values()) {
            long ends = log.lines().stream().filter(l -> l.trial() == r.trial()
                    && (l.status() == TrialStatus.COMPLETE || l.status() == TrialStatus.FAILED)).count();
            assertEquals(1, ends, "trial " + r.trial() + " ended " + ends + " times");
            assertEquals(interrupted.contains(r.trial()) ? 2 : 1, r.attempt(), "trial " + r.trial() + " attempt");
            TrialRecord l = local.trials().get(r.trial());
            assertEquals(l.hyperparameters(), r.hyperparameters());
            assertEquals(l.status(), r.status(), "trial " + r.trial());
            if (l.hasObjective()) assertEquals(l.objective(), r.objective(), 1e-9, "trial " + r.trial() + " objective");
        }
    }

    /** At least two trials ended in the log and a trial whose marker exists has not ended. */
    private static boolean midSearch(TrialLog log, Path markers) throws Exception {
        if (!Files.exists(log.file()) || !Files.isDirectory(markers)) return false;
        Map<Integer, TrialRecord> now = log.latest();
        long ended = now.values().stream().filter(r -> r.status().finished()).count();
        if (ended < 2) return false;
        List<String> started = StandaloneClusterTest.list(markers);
        for (TrialRecord r : now.values()) {
            if (r.status() != TrialStatus.RUNNING) continue;
            String tail = "-seed-" + r.seed() + "-epochs-" + r.epochs();
            if (started.stream().anyMatch(m -> m.endsWith(tail))) return true;
        }
        return false;
    }

    private static Process child(Path dir, Path markers, Path out) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.add("-Dorg.eclipse.deeplearning4j.helpers.disable=false");
        for (String f : StandaloneClusterTest.SPARK_FLAGS.split("\\s+")) if (!f.isBlank()) cmd.add(f);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SparkDriverKillTest.class.getName(), dir.toString(),
                markers.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }
}
