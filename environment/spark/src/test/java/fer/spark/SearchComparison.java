package fer.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fer.tune.SearchResult;
import fer.tune.TrialLog;
import fer.tune.TrialRecord;
import fer.tune.TrialStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Compares a search run on Spark with the same search run locally, trial by trial, and writes the comparison. */
final class SearchComparison {
    private SearchComparison() {}

    /** Asserts the same trials and best; returns the largest objective difference (written to {@code report}). */
    static double assertSameSearch(SearchResult local, SearchResult spark, double tolerance, Path report) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("trial config rung status(local/spark) objective(local) objective(spark) difference");
        double worst = 0;
        assertEquals(local.trials().size(), spark.trials().size(), "trials");
        for (int i = 0; i < local.trials().size(); i++) {
            TrialRecord a = local.trials().get(i);
            TrialRecord b = spark.trials().get(i);
            double d = a.hasObjective() && b.hasObjective() ? Math.abs(a.objective() - b.objective()) : 0;
            worst = Math.max(worst, d);
            lines.add(String.format(Locale.ROOT, "%d %d %d %s/%s %.6f %.6f %.2e", a.trial(), a.config(), a.rung(), a.status().id(),
                    b.status().id(), a.objective(), b.objective(), d));
        }
        double lossDiff = 0;
        for (int i = 0; i < local.trials().size(); i++) {
            var ha = local.trials().get(i).history();
            var hb = spark.trials().get(i).history();
            for (int e = 0; e < Math.min(ha.size(), hb.size()); e++) lossDiff = Math.max(lossDiff, Math.abs(ha.get(e).loss() - hb.get(e).loss()));
        }
        lines.add(String.format(Locale.ROOT, "largest objective difference %.3e, largest training-loss difference %.3e;"
                + " best local trial %d, spark trial %d", worst, lossDiff, local.best().trial(), spark.best().trial()));
        Files.createDirectories(report.getParent());
        Files.write(report, lines);
        for (int i = 0; i < local.trials().size(); i++) {
            TrialRecord a = local.trials().get(i);
            TrialRecord b = spark.trials().get(i);
            assertEquals(a.trial(), b.trial());
            assertEquals(a.config(), b.config(), "trial " + i + " configuration");
            assertEquals(a.hyperparameters(), b.hyperparameters(), "trial " + i);
            assertEquals(a.rung(), b.rung(), "trial " + i);
            assertEquals(a.epochs(), b.epochs(), "trial " + i);
            assertEquals(a.status(), b.status(), "trial " + i + " status");
            assertEquals(a.seed(), b.seed(), "trial " + i + " seed");
            if (a.hasObjective()) assertEquals(a.objective(), b.objective(), tolerance, "trial " + i + " objective");
            assertEquals(a.history().size(), b.history().size(), "trial " + i + " epochs");
            for (int e = 0; e < a.history().size(); e++) {
                assertEquals(a.history().get(e).loss(), b.history().get(e).loss(), tolerance, "trial " + i + " epoch " + (e + 1) + " loss");
            }
        }
        assertEquals(local.best().hyperparameters(), spark.best().hyperparameters(), "best configuration");
        return worst;
    }

    /** Asserts every planned trial ended exactly once in the log (complete or failed; pruning adds a later line). */
    static void assertEachTrialEndedOnce(SearchResult r) {
        List<TrialRecord> lines = new TrialLog(r.dir()).lines();
        for (TrialRecord t : r.trials()) {
            long ends = lines.stream().filter(l -> l.trial() == t.trial()
                    && (l.status() == TrialStatus.COMPLETE || l.status() == TrialStatus.FAILED)).count();
            assertEquals(1, ends, "trial " + t.trial() + " ended " + ends + " times in " + r.dir());
        }
    }
}
