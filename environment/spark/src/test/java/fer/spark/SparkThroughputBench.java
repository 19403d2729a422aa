package fer.spark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fer.tune.HeadTrials;
import fer.tune.Search;
import fer.tune.SearchConfig;
import fer.tune.SearchProgress;
import fer.tune.SearchResult;
import fer.tune.SearchSpace;
import fer.tune.Strategy;
import fer.tune.TrialExecutor;
import fer.tune.TrialRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trials per minute of the same random search in this JVM, on Spark local[1] and on local[2], on features of the
 * quick search's shape (1,200 x 512 train, 500 validation). A measurement, not a check: runs only with
 * {@code -Dfer.spark.bench=TRIALS}; writes target/spark-tests/throughput.txt.
 */
class SparkThroughputBench {
    @Test
    void trialsPerMinute(@TempDir Path dir) throws Exception {
        int n = Integer.getInteger("fer.spark.bench", 0);
        assumeTrue(n > 0, "set -Dfer.spark.bench=TRIALS to measure");
        HeadTrials heads = quickShaped();
        SearchConfig cfg = SearchConfig.of("bench", SearchSpace.table2(), Strategy.RANDOM, n, 1, 42);
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "random search, %d trials x 1 epoch, Table 2 seed 42, features 1200x512 / 500x512, %d cores",
                n, Runtime.getRuntime().availableProcessors()));
        // warm-up (JIT, ND4J's first ops), not counted: else whatever runs first looks slow
        Search.run(SearchConfig.of("warm", SearchSpace.table2(), Strategy.RANDOM, 2, 1, 1), heads, dir.resolve("warm"), SearchProgress.silent());
        double local = measure("this JVM (LocalTrialExecutor)", cfg, heads, null, dir.resolve("local"), out);
        for (String master : List.of("local[1]", "local[2]")) {
            var sc = new org.apache.spark.api.java.JavaSparkContext(SparkTrialExecutors.conf(master, "bench")
                    .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
            try (TrialExecutor ex = new SparkTrialExecutor(sc, heads.source(), true)) {
                double s = measure("Spark " + master, cfg, heads, ex, dir.resolve(master.replaceAll("\\W", "")), out);
                if (master.equals("local[1]")) {
                    out.add(String.format(Locale.ROOT, "  overhead per task (local[1] - this JVM) / trials: %.2f s", (s - local) / n));
                }
            }
        }
        Path file = LocalSparkSearchTest.OUT.resolve("throughput.txt");
        Files.createDirectories(file.getParent());
        Files.write(file, out);
        out.forEach(System.out::println);
    }

    private static double measure(String what, SearchConfig cfg, HeadTrials heads, TrialExecutor ex, Path dir, List<String> out) {
        long t0 = System.nanoTime();
        SearchResult r = ex == null ? Search.run(cfg, heads, dir, SearchProgress.silent())
                : Search.run(cfg, heads, ex, dir, SearchProgress.silent());
        double s = (System.nanoTime() - t0) / 1e9;
        double trainSum = r.trials().stream().mapToDouble(TrialRecord::seconds).sum();
        out.add(String.format(Locale.ROOT, "%-32s %6.1f s wall, %5.2f trials/min, sum of trial times %6.1f s", what, s,
                r.trials().size() / (s / 60), trainSum));
        return s;
    }

    /** Cluster features of the quick search's shape. */
    static HeadTrials quickShaped() {
        var tr = TestFeatures.make(1200, 512, 1, 2);
        var va = TestFeatures.make(500, 512, 1, 3);
        return new HeadTrials(tr[0], tr[1], va[0], va[1], "clusters", "1200x512 clusters");
    }
}
