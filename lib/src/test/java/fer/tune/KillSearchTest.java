package fer.tune;

import static org.junit.jupiter.api.Assertions.*;

import fer.train.EpochMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search JVM killed with SIGKILL in the middle of a trial, started again: finished trials come from the
 * log, the interrupted one is re-run, nothing finished is trained again, and the log ends complete.
 */
class KillSearchTest {
    /** The search: successive halving over Table 2 with real head trials on cluster features, slowed per epoch. */
    static SearchConfig config() {
        // budget 4 x 3 epochs; rungs of 2 and 6 epochs: 5 configurations, the best one continues (6 trials, 9 epochs)
        return SearchConfig.of("kill", SearchSpace.table2(), Strategy.HALVING, 4, 3, 21).withHalving(3, 2, 6);
    }

    /** The child JVM: runs (or resumes) the search in the directory given as argument. */
    public static void main(String[] args) throws Exception {
        HeadTrials heads = Clusters.trials(256, 16);
        TrialRunner slow = new TrialRunner() {
            @Override public int trainImages() { return heads.trainImages(); }
            @Override public String datasetName() { return heads.datasetName(); }
            @Override public String describe() { return heads.describe(); }
            @Override
            public List<EpochMetrics> train(Map<String, Object> c, long seed, int start, int end, Path state, boolean later,
                                            java.util.function.Consumer<EpochMetrics> onEpoch) throws Exception {
                // ~400 ms per epoch: long enough to be killed inside a trial
                return heads.train(c, seed, start, end, state, later, m -> {
                    sleep(400);
                    onEpoch.accept(m);
                });
            }
        };
        SearchResult r = Search.run(config(), slow, Path.of(args[0]), SearchProgress.silent());
        System.out.println("KEPT " + r.keptFromLog());
        System.out.println("TRIALS " + r.trials().size());
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @Tag("slow") // two child JVMs, ~15-20 s quiet; skip with -DexcludedGroups=slow
    void killedSearchResumesWithoutRepeatingAFinishedTrial(@TempDir Path dir) throws Exception {
        TrialLog log = new TrialLog(dir);
        Process first = child(dir, dir.resolve("first.log"));
        // generous: a child JVM loading ND4J on a loaded CI machine can take a minute
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        // wait until two trials are finished and a later one has finished one of its two epochs: mid-trial
        while (true) {
            assertTrue(first.isAlive(), "child ended early: " + Files.readString(dir.resolve("first.log")));
            assertTrue(System.nanoTime() < deadline, "no mid-trial moment within 300 s; log: "
                    + (Files.exists(log.file()) ? log.latest().values() : "none"));
            if (Files.exists(log.file()) && midTrial(log.latest())) break;
            Thread.sleep(20);
        }
        first.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
        first.waitFor();
        List<TrialRecord> beforeLines = log.lines();
        Map<Integer, TrialRecord> before = log.latest();
        Set<Integer> finishedBefore = new HashSet<>();
        before.forEach((id, r) -> {
            if (r.status().finished()) finishedBefore.add(id);
        });
        assertTrue(finishedBefore.containsAll(List.of(0, 1)), "trials 1 and 2 finished before the kill: " + before.keySet());
        TrialRecord killed = before.values().stream().filter(r -> r.status() == TrialStatus.RUNNING).findFirst().orElseThrow();

        Process second = child(dir, dir.resolve("second.log"));
        assertTrue(second.waitFor(120, TimeUnit.SECONDS), "resumed search did not finish");
        String out = Files.readString(dir.resolve("second.log"));
        assertEquals(0, second.exitValue(), out);
        HalvingPlan plan = config().halvingPlan(256);
        assertTrue(out.contains("KEPT " + finishedBefore.size()), out);
        assertTrue(out.contains("TRIALS " + plan.trials()), out);

        List<TrialRecord> all = log.lines();
        List<TrialRecord> after = all.subList(beforeLines.size(), all.size());
        for (TrialRecord r : after) {
            // a finished trial may only be marked pruned afterwards; it is never started or trained again
            if (finishedBefore.contains(r.trial())) {
                assertEquals(TrialStatus.PRUNED, r.status(), "finished trial " + r.trial() + " logged again as " + r.status());
                assertEquals(before.get(r.trial()).history(), r.history());
            }
        }
        Map<Integer, TrialRecord> fin = log.latest();
        assertEquals(plan.trials(), fin.size(), "every planned trial is in the log");
        List<Integer> ids = new ArrayList<>(fin.keySet());
        for (int i = 0; i < ids.size(); i++) assertEquals(i, ids.get(i));
        for (TrialRecord r : fin.values()) {
            assertTrue(r.status().finished(), "trial " + r.trial() + " ended " + r.status());
            List<Integer> epochs = r.history().stream().map(EpochMetrics::epoch).toList();
            List<Integer> expected = new ArrayList<>();
            for (int e = r.startEpoch() + 1; e <= r.epochs(); e++) expected.add(e);
            if (r.status() != TrialStatus.FAILED) assertEquals(expected, epochs, "trial " + r.trial() + " epochs");
        }
        TrialRecord rerun = fin.get(killed.trial());
        assertEquals(2, rerun.attempt(), "the killed trial was re-run once");
        assertTrue(Files.exists(dir.resolve(SearchResult.BEST)));

        // exact resume (issue 26 case 6): the killed-and-resumed log ends as an uninterrupted search's, trial by trial
        Path ref = dir.resolve("uninterrupted");
        Search.run(config(), Clusters.trials(256, 16), ref, SearchProgress.silent());
        Map<Integer, TrialRecord> want = new TrialLog(ref).latest();
        assertEquals(want.keySet(), fin.keySet());
        for (int id : want.keySet()) {
            TrialRecord w = want.get(id), g = fin.get(id);
            assertEquals(w.hyperparameters(), g.hyperparameters(), "trial " + id);
            assertEquals(w.status(), g.status(), "trial " + id);
            assertEquals(Double.doubleToLongBits(w.objective()), Double.doubleToLongBits(g.objective()), "trial " + id + " objective");
            assertEquals(metrics(w), metrics(g), "trial " + id + " epochs");
        }
        assertEquals(Files.readString(ref.resolve(SearchResult.BEST)), Files.readString(dir.resolve(SearchResult.BEST)));
    }

    /** A trial's epochs without their timings. */
    private static List<List<Double>> metrics(TrialRecord r) {
        return r.history().stream().map(m -> List.of((double) m.epoch(), m.loss(), m.accuracy(), m.valLoss(), m.valAccuracy(),
                m.learningRate())).toList();
    }

    private static boolean midTrial(Map<Integer, TrialRecord> now) {
        return now.values().stream().anyMatch(r -> r.trial() >= 2 && r.status() == TrialStatus.RUNNING && r.history().size() == 1);
    }

    private static Process child(Path dir, Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx1g", "-Dorg.eclipse.deeplearning4j.helpers.disable=false",
                "-cp", System.getProperty("java.class.path"), KillSearchTest.class.getName(), dir.toString());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }
}
