package fer.tune;

import static org.junit.jupiter.api.Assertions.*;

import fer.train.EpochMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchTest {
    static SearchConfig random(int trials) {
        return SearchConfig.of("t", SearchSpace.table2(), Strategy.RANDOM, trials, 3, 11);
    }

    @Test
    void randomSearchLogsEveryTrialAndWritesTheBest(@TempDir Path dir) {
        FakeTrials runner = new FakeTrials();
        SearchResult r = Search.run(random(12), runner, dir, SearchProgress.silent());
        assertEquals(12, r.trials().size());
        for (TrialRecord t : r.trials()) assertEquals(t.history().size() * 100L, t.images(), "images = samples x epochs");
        assertEquals(r.count(TrialStatus.COMPLETE) * 3 * 100, r.imagesTrained());
        // the best is the configuration the fake runner rates highest among the non-failed ones
        TrialRecord best = r.best();
        for (TrialRecord t : r.trials()) if (t.hasObjective()) assertTrue(best.objective() >= t.objective());
        Map<String, Object> fromFile = BestHyperparameters.config(r.bestFile());
        assertEquals(best.hyperparameters(), fromFile);
        // the log: per trial a start, one snapshot per epoch, an end
        List<TrialRecord> lines = new TrialLog(dir).lines();
        for (TrialRecord t : r.trials()) {
            long n = lines.stream().filter(l -> l.trial() == t.trial()).count();
            assertEquals(t.status() == TrialStatus.COMPLETE ? 5 : 2 + t.history().size(), n, "lines of trial " + t.trial());
        }
        assertEquals(r.table().rowCount(), 12);
        assertEquals(best.objective(), r.table().doubleColumn("val_accuracy").get(0), 1e-4, "table sorted best first");
    }

    @Test
    void aFailingTrialIsRecordedAndTheSearchGoesOn(@TempDir Path dir) {
        SearchResult r = Search.run(random(16), new FakeTrials(), dir, SearchProgress.silent());
        List<TrialRecord> failed = r.trials().stream().filter(t -> t.status() == TrialStatus.FAILED).toList();
        assertFalse(failed.isEmpty(), "seed 11 draws at least one sigmoid + lr 1e-3 configuration in 16");
        for (TrialRecord f : failed) {
            assertEquals("sigmoid", f.hyperparameters().get("activation"));
            assertTrue(f.error().contains("ArithmeticException: loss is NaN"), f.error());
            assertFalse(f.hasObjective());
        }
        assertEquals(16 - failed.size(), r.count(TrialStatus.COMPLETE));
    }

    @Test
    void sameSeedSameConfigurationsInEverySearch(@TempDir Path dir) {
        SearchResult a = Search.run(random(6), new FakeTrials(), dir.resolve("a"), SearchProgress.silent());
        SearchResult b = Search.run(random(6), new FakeTrials(), dir.resolve("b"), SearchProgress.silent());
        SearchResult c = Search.run(random(6).withHalving(3, 1, 3).withStrategy(Strategy.HALVING), new FakeTrials(), dir.resolve("c"),
                SearchProgress.silent());
        for (int i = 0; i < 6; i++) {
            assertEquals(a.trials().get(i).hyperparameters(), b.trials().get(i).hyperparameters());
            // halving's first rung draws the same sequence: the strategies compare on the same configurations
            assertEquals(a.trials().get(i).hyperparameters(), c.trials().get(i).hyperparameters());
        }
    }

    @Test
    void halvingPromotesTheBestAndContinuesThem(@TempDir Path dir) {
        SearchConfig cfg = SearchConfig.of("h", SearchSpace.table2(), Strategy.HALVING, 6, 3, 5).withHalving(3, 1, 9);
        FakeTrials runner = new FakeTrials();
        SearchResult r = Search.run(cfg, runner, dir, SearchProgress.silent());
        HalvingPlan plan = cfg.halvingPlan(100);
        assertEquals(plan.trials(), r.trials().size());
        assertEquals(plan.costEpochs() * 100, r.imagesTrained() + lostToFailures(r));
        assertTrue(r.imagesTrained() <= cfg.budget(100), "within the random search's budget");
        List<TrialRecord> rung0 = r.trials().stream().filter(t -> t.rung() == 0).toList();
        List<TrialRecord> rung1 = r.trials().stream().filter(t -> t.rung() == 1).toList();
        double worstPromoted = rung1.stream().mapToDouble(t -> rung0.stream().filter(z -> z.config() == t.config()).findFirst()
                .orElseThrow().objective()).min().orElseThrow();
        for (TrialRecord t : rung0) {
            boolean promoted = rung1.stream().anyMatch(p -> p.config() == t.config());
            if (!promoted && t.hasObjective()) {
                assertEquals(TrialStatus.PRUNED, t.status(), "not promoted -> pruned");
                assertTrue(t.objective() <= worstPromoted, "a pruned configuration beat a promoted one");
            }
        }
        for (TrialRecord t : rung1) {
            assertEquals(1, t.startEpoch());
            assertEquals(List.of(2, 3), t.history().stream().map(EpochMetrics::epoch).toList(), "continues after epoch 1");
        }
        // every (config, epochs) trained once
        assertEquals(runner.trained.size(), runner.trained.stream().distinct().count());
    }

    /** Runs each batch in reverse order, as a cluster finishes trials in any order, and records the batch sizes. */
    static final class ReversedExecutor implements TrialExecutor {
        final LocalTrialExecutor local;
        final List<Integer> batches = new java.util.ArrayList<>();

        ReversedExecutor(TrialRunner runner) {
            local = new LocalTrialExecutor(runner);
        }

        @Override public String describe() { return "reversed"; }

        @Override
        public void run(List<TrialSpec> batch, TrialEvents events) {
            batches.add(batch.size());
            List<TrialSpec> rev = new java.util.ArrayList<>(batch);
            java.util.Collections.reverse(rev);
            rev.forEach(events::started); // all handed out first, as a cluster does
            local.run(rev, new TrialEvents() {
                @Override public void started(TrialSpec spec) { }
                @Override public void epoch(TrialSpec spec, List<EpochMetrics> h, double s) { }
                @Override public void finished(TrialSpec spec, TrialOutcome out) { events.finished(spec, out); }
            });
        }
    }

    @Test
    void theExecutorDoesNotChangeTheSearch(@TempDir Path dir) {
        SearchConfig cfg = SearchConfig.of("h", SearchSpace.table2(), Strategy.HALVING, 6, 3, 5).withHalving(3, 1, 9);
        SearchResult local = Search.run(cfg, new FakeTrials(), dir.resolve("local"), SearchProgress.silent());
        FakeTrials runner = new FakeTrials();
        ReversedExecutor ex = new ReversedExecutor(runner);
        SearchResult other = Search.run(cfg, runner, ex, dir.resolve("other"), SearchProgress.silent());
        HalvingPlan plan = cfg.halvingPlan(100);
        // one batch per rung, as wide as the rung minus configurations that failed before it
        assertEquals(plan.rungs(), ex.batches.size());
        assertEquals(plan.configs()[0], ex.batches.get(0));
        assertEquals(local.trials().size(), other.trials().size());
        for (int i = 0; i < local.trials().size(); i++) {
            TrialRecord a = local.trials().get(i);
            TrialRecord b = other.trials().get(i);
            assertEquals(a.trial(), b.trial());
            assertEquals(a.config(), b.config());
            assertEquals(a.status(), b.status());
            assertEquals(a.hyperparameters(), b.hyperparameters());
            assertEquals(a.objective(), b.objective(), 0.0, "trial " + i);
        }
        assertEquals(local.best().trial(), other.best().trial());
        // the log: every trial ended exactly once (complete or failed; pruning adds a line after)
        for (TrialRecord t : other.trials()) {
            long ends = new TrialLog(dir.resolve("other")).lines().stream()
                    .filter(l -> l.trial() == t.trial() && (l.status() == TrialStatus.COMPLETE || l.status() == TrialStatus.FAILED)).count();
            assertEquals(1, ends, "trial " + t.trial());
        }
    }

    private static long lostToFailures(SearchResult r) {
        return r.trials().stream().filter(t -> t.status() == TrialStatus.FAILED)
                .mapToLong(t -> (long) (t.epochs() - t.startEpoch()) * 100 - t.images()).sum();
    }

    @Test
    void aCrashedSearchResumesWithoutTrainingAFinishedTrialAgain(@TempDir Path dir) {
        // crash in the 2nd epoch of the first trial from the 3rd on that does not fail by itself
        int k = 2;
        while (diverges(random(5).space().sample(11, k))) k++;
        assertTrue(k < 5, "seed 11 should have a trainable configuration among trials 3-5");
        FakeTrials crashing = new FakeTrials();
        crashing.crashInCall = k;
        assertThrows(Error.class, () -> Search.run(random(5), crashing, dir, SearchProgress.silent()));
        Map<Integer, TrialRecord> before = new TrialLog(dir).latest();
        assertEquals(TrialStatus.RUNNING, before.get(k).status());
        assertEquals(1, before.get(k).history().size());

        FakeTrials again = new FakeTrials();
        SearchResult r = Search.run(random(5), again, dir, SearchProgress.silent());
        assertEquals(k, r.keptFromLog());
        assertEquals(5 - k, again.trained.size(), "trials before " + k + " from the log, " + k + " re-run, the rest new: " + again.trained);
        TrialRecord rerun = r.trials().get(k);
        assertEquals(2, rerun.attempt());
        assertEquals(List.of(1, 2, 3), rerun.history().stream().map(EpochMetrics::epoch).toList());
        for (int i = 0; i < k; i++) assertEquals(before.get(i), r.trials().get(i));
    }

    private static boolean diverges(Map<String, Object> c) {
        return c.get("activation").equals("sigmoid") && c.get("learning_rate").equals(0.001);
    }

    @Test
    void resumingWithOtherSettingsIsRefused(@TempDir Path dir) {
        Search.run(random(2), new FakeTrials(), dir, SearchProgress.silent());
        var e = assertThrows(IllegalStateException.class, () -> Search.run(
                SearchConfig.of("t", SearchSpace.table2(), Strategy.RANDOM, 2, 3, 12), new FakeTrials(), dir, SearchProgress.silent()));
        assertTrue(e.getMessage().contains("search.json") && e.getMessage().contains("seed: was 11, now 12"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("best.json")));
    }

    @Test
    void aTornLastLineIsIgnoredAndABadMiddleLineNamed(@TempDir Path dir) throws Exception {
        Search.run(random(2), new FakeTrials(), dir, SearchProgress.silent());
        Path log = dir.resolve(TrialLog.FILE);
        int n = new TrialLog(dir).lines().size();
        Files.writeString(log, "{\"trial\": 2, \"sta", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(n, new TrialLog(dir).lines().size());
        Files.writeString(log, "\n{}\n", java.nio.file.StandardOpenOption.APPEND);
        var e = assertThrows(IllegalArgumentException.class, () -> new TrialLog(dir).lines());
        assertTrue(e.getMessage().contains(TrialLog.FILE + ":" + (n + 1)), e.getMessage());
    }
}
