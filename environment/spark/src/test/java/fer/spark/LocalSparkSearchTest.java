package fer.spark;

import static org.junit.jupiter.api.Assertions.*;

import fer.tune.HeadTrials;
import fer.tune.Search;
import fer.tune.SearchConfig;
import fer.tune.SearchProgress;
import fer.tune.SearchResult;
import fer.tune.SearchSpace;
import fer.tune.Strategy;
import fer.tune.TrialExecutor;
import fer.tune.TrialLog;
import fer.tune.TrialRecord;
import fer.tune.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same search in this JVM and on Spark {@code local[2]} (two task slots, trials shipped through the broadcast
 * features): the same configurations, seeds, rungs and objectives, and the driver's log has each trial once.
 */
class LocalSparkSearchTest {
    static final Path OUT = Path.of(System.getProperty("fer.spark.out", "target/spark-tests"));

    @Test
    void sameSeedSameSearchLocallyAndOnLocal2(@TempDir Path dir) throws Exception {
        HeadTrials heads = TestFeatures.heads(240, 16);
        // halving: 5 configurations x 2 epochs, the best continues to 6; and a random search of 4 x 2 epochs
        SearchConfig halving = SearchConfig.of("same", SearchSpace.table2(), Strategy.HALVING, 4, 3, 21).withHalving(3, 2, 6);
        SearchConfig random = SearchConfig.of("same-random", SearchSpace.table2(), Strategy.RANDOM, 4, 2, 7);
        long t0 = System.nanoTime();
        SearchResult localH = Search.run(halving, heads, dir.resolve("local-h"), SearchProgress.silent());
        SearchResult localR = Search.run(random, heads, dir.resolve("local-r"), SearchProgress.silent());
        double localSeconds = (System.nanoTime() - t0) / 1e9;

        System.setProperty("spark.ui.enabled", "false");
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.driver.bindAddress", "127.0.0.1");
        TrialExecutor.Factory f = ServiceLoader.load(TrialExecutor.Factory.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("spark")).findFirst().orElseThrow(() -> new AssertionError("no spark factory via ServiceLoader"));
        SearchResult sparkH;
        SearchResult sparkR;
        double sparkSeconds;
        try (TrialExecutor ex = f.open("local[2]", "LocalSparkSearchTest", heads)) {
            assertTrue(ex.describe().contains("local[2]"), ex.describe());
            long t1 = System.nanoTime();
            sparkH = Search.run(halving, heads, ex, dir.resolve("spark-h"), SearchProgress.silent());
            sparkR = Search.run(random, heads, ex, dir.resolve("spark-r"), SearchProgress.silent());
            sparkSeconds = (System.nanoTime() - t1) / 1e9;
        }
        double dh = SearchComparison.assertSameSearch(localH, sparkH, 1e-9, OUT.resolve("local-vs-local2-halving.txt"));
        double dr = SearchComparison.assertSameSearch(localR, sparkR, 1e-9, OUT.resolve("local-vs-local2-random.txt"));
        SearchComparison.assertEachTrialEndedOnce(sparkH);
        SearchComparison.assertEachTrialEndedOnce(sparkR);
        assertTrue(Files.exists(sparkH.bestFile()) && Files.exists(sparkR.bestFile()));
        // halving on Spark continued the promoted configuration from the state its rung-0 task saved
        TrialRecord last = sparkH.trials().get(sparkH.trials().size() - 1);
        assertEquals(1, last.rung());
        assertEquals(2, last.startEpoch());
        assertEquals(java.util.List.of(3, 4, 5, 6), last.history().stream().map(m -> m.epoch()).toList());
        int trials = localH.trials().size() + localR.trials().size();
        Files.writeString(OUT.resolve("local-vs-local2-timing.txt"), String.format(java.util.Locale.ROOT,
                "%d trials: local %.1f s, local[2] %.1f s (objective differences halving %.2e, random %.2e)%n", trials, localSeconds,
                sparkSeconds, dh, dr));
    }

    @Test
    void aResumedSearchOnSparkTakesFinishedTrialsFromTheLog(@TempDir Path dir) throws Exception {
        HeadTrials heads = TestFeatures.heads(140, 8);
        SearchConfig random = SearchConfig.of("resume", SearchSpace.table2(), Strategy.RANDOM, 3, 1, 5);
        SearchResult local = Search.run(random, heads, dir, SearchProgress.silent());
        // the driver "restarted": the third trial's end is lost, as if the driver died while it ran
        TrialLog log = new TrialLog(dir);
        java.util.List<String> lines = Files.readAllLines(log.file());
        int lastEnd = -1;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains("\"trial\":2,") && lines.get(i).contains("\"status\":\"complete\"")) lastEnd = i;
        assertTrue(lastEnd > 0, "trial 3 completed in the log");
        Files.write(log.file(), lines.subList(0, lastEnd));
        var sc = new org.apache.spark.api.java.JavaSparkContext(SparkTrialExecutors.conf("local[2]", "resume")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
        SearchResult resumed;
        try (SparkTrialExecutor ex = new SparkTrialExecutor(sc, heads.source(), true)) {
            resumed = Search.run(random, heads, ex, dir, SearchProgress.silent());
        }
        assertEquals(2, resumed.keptFromLog());
        assertEquals(2, resumed.trials().get(2).attempt(), "the interrupted trial ran again");
        assertEquals(TrialStatus.COMPLETE, resumed.trials().get(2).status());
        assertEquals(local.trials().get(2).objective(), resumed.trials().get(2).objective(), 1e-9);
    }
}
