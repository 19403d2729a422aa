package fer.tune;

import fer.train.EpochMetrics;
import fer.viz.Display;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Shows a search as it runs: trial k of n, its values, the epoch, the best objective so far. In a
 * notebook one text display is updated in place; on a console each epoch and trial gets a line.
 */
public final class SearchProgress {
    private static final int RECENT = 8;
    private final String title;
    private final PrintStream out;
    private final boolean notebook;
    private final Deque<String> recent = new ArrayDeque<>();
    private String header = "";
    private String displayId;
    private int total;
    private double best = Double.NaN;
    private int bestTrial = -1;

    public SearchProgress(String title) {
        this(title, System.out, Display.inKernel());
    }

    SearchProgress(String title, PrintStream out, boolean notebook) {
        this.title = title;
        this.out = out;
        this.notebook = notebook;
    }

    /** Prints nothing (tests). */
    public static SearchProgress silent() {
        return new SearchProgress("", null, false);
    }

    void start(SearchConfig c, TrialRunner runner, int trials, int inLog) {
        total = trials;
        String budget = String.format(Locale.ROOT, "budget %,d images (%,d per epoch)", c.budget(runner.trainImages()), runner.trainImages());
        String plan = c.strategy() == Strategy.RANDOM ? c.trials() + " trials x " + c.epochs() + " epochs"
                : c.halvingPlan(runner.trainImages()).toString();
        header = title + ": " + c.strategy().id() + ", " + plan + ", " + budget + ", seed " + c.seed()
                + (inLog > 0 ? "\nresuming: " + inLog + " trials in the log" : "");
        if (notebook) displayId = Display.text(header);
        print(header);
    }

    void kept(TrialRecord r) {
        note(r);
        add(String.format(Locale.ROOT, "trial %d/%d  %-8s  %s  (from the log)", r.trial() + 1, total, r.status().id(), objective(r)));
    }

    void trialStart(TrialRecord r) {
        String line = String.format(Locale.ROOT, "trial %d/%d  config %d  rung %d  epochs %d-%d%s  %s", r.trial() + 1, total,
                r.config(), r.rung(), r.startEpoch() + 1, r.epochs(), r.attempt() > 1 ? "  (re-run, attempt " + r.attempt() + ")" : "",
                HeadHyperparameters.from(r.hyperparameters()));
        live(line);
        if (!notebook) print(line);
    }

    void epoch(TrialRecord r, EpochMetrics m) {
        String line = String.format(Locale.ROOT, "trial %d/%d  epoch %d/%d  loss %.4f  val_accuracy %.4f  |  best so far %s",
                r.trial() + 1, total, m.epoch(), r.epochs(), m.loss(), m.valAccuracy(), bestText());
        live(line);
        if (!notebook) print(line);
    }

    void trialEnd(TrialRecord r) {
        note(r);
        String line = String.format(Locale.ROOT, "trial %d/%d  %-8s  %s  %.1fs  %s%s", r.trial() + 1, total, r.status().id(), objective(r),
                r.seconds(), HeadHyperparameters.from(r.hyperparameters()), r.error() == null ? "" : "  error: " + r.error());
        add(line);
        if (!notebook) print(line);
    }

    void finish(SearchResult result) {
        String line = String.format(Locale.ROOT, "done: %d trials (%d from the log) in %.0fs, %,d images trained; best %s",
                result.trials().size(), result.keptFromLog(), result.seconds(), result.imagesTrained(), bestText());
        add(line);
        print(line);
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

    private void add(String line) {
        recent.addLast(line);
        while (recent.size() > RECENT) recent.removeFirst();
        live("");
    }

    private void live(String line) {
        if (!notebook) return;
        StringBuilder b = new StringBuilder(header).append('\n');
        for (String s : recent) b.append(s).append('\n');
        if (!line.isEmpty()) b.append(line).append('\n');
        b.append("best so far: ").append(bestText());
        Display.updateText(displayId, b.toString());
    }

    private void print(String line) {
        if (out != null) out.println(line);
    }
}
