package fer.tune;

import fer.train.EpochMetrics;
import fer.Progress;
import java.util.Locale;

/**
 * A search as it runs, in words: trial k of n, its values, the epoch, the best objective so far. The lines go to the
 * {@link Progress} the caller gave (in a notebook one display updated in place, showing the header and the last
 * trials; on a console a line each).
 */
public final class SearchProgress {
    private static final int RECENT = 8;
    private final Progress progress;
    private int total;
    private double best = Double.NaN;
    private int bestTrial = -1;

    public SearchProgress(Progress progress) {
        this.progress = progress.keepLast(RECENT);
    }

    /** Prints nothing (tests). */
    public static SearchProgress silent() {
        return new SearchProgress(Progress.NONE);
    }

    void start(SearchConfig c, TrialRunner runner, int trials, int inLog) {
        total = trials;
        String budget = String.format(Locale.ROOT, "budget %,d images (%,d per epoch)", c.budget(runner.trainImages()), runner.trainImages());
        String plan = c.strategy() == Strategy.RANDOM ? c.trials() + " trials x " + c.epochs() + " epochs"
                : c.halvingPlan(runner.trainImages()).toString();
        progress.log(c.strategy().id() + ", " + plan + ", " + budget + ", seed " + c.seed()
                + (inLog > 0 ? "; resuming: " + inLog + " trials in the log" : ""));
    }

    void executor(String where) {
        progress.log("trials run on " + where);
    }

    /** A line about the search itself (a repaired log, a resume). */
    void log(String line) {
        progress.log(line);
    }

    void kept(TrialRecord r) {
        note(r);
        progress.log(String.format(Locale.ROOT, "trial %d/%d  %-8s  %s  (from the log)", r.trial() + 1, total, r.status().id(), objective(r)));
    }

    void trialStart(TrialRecord r) {
        String line = String.format(Locale.ROOT, "trial %d/%d  config %d  rung %d  epochs %d-%d%s  %s", r.trial() + 1, total,
                r.config(), r.rung(), r.startEpoch() + 1, r.epochs(), r.attempt() > 1 ? "  (re-run, attempt " + r.attempt() + ")" : "",
                HeadHyperparameters.from(r.hyperparameters()));
        progress.live(line);
    }

    void epoch(TrialRecord r, EpochMetrics m) {
        String line = String.format(Locale.ROOT, "trial %d/%d  epoch %d/%d  loss %.4f  val_accuracy %.4f  |  best so far %s",
                r.trial() + 1, total, m.epoch(), r.epochs(), m.loss(), m.valAccuracy(), bestText());
        progress.live(line);
    }

    void trialEnd(TrialRecord r) {
        trialEnd(r, null);
    }

    /** A trial's end; {@code where} (an executor, for trials run elsewhere) is shown when not null. */
    void trialEnd(TrialRecord r, String where) {
        note(r);
        String line = String.format(Locale.ROOT, "trial %d/%d  %-8s  %s  %.1fs  %s%s%s", r.trial() + 1, total, r.status().id(), objective(r),
                r.seconds(), HeadHyperparameters.from(r.hyperparameters()), where == null ? "" : "  [" + where + "]",
                r.error() == null ? "" : "  error: " + r.error());
        progress.log(line);
    }

    void finish(SearchResult result) {
        String line = String.format(Locale.ROOT, "done: %d trials (%d from the log) in %.0fs, %,d images trained; best %s",
                result.trials().size(), result.keptFromLog(), result.seconds(), result.imagesTrained(), bestText());
        progress.log(line);
    }

    private void note(TrialRecord r) {
        if (r.hasObjective() && (Double.isNaN(best) || r.objective() > best)) {
            best = r.objective();
            bestTrial = r.trial();
        }
    }

    private String bestText() {
        return Double.isNaN(best) ? "-" : String.format(Locale.ROOT, "%.4f (trial %d)", best, bestTrial + 1);
    }

    private static String objective(TrialRecord r) {
        return r.hasObjective() ? String.format(Locale.ROOT, "val_accuracy %.4f", r.objective()) : "val_accuracy -     ";
    }
}
