package fer.train;

import fer.viz.Display;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shows training progress the way Keras does: one line per finished epoch and a live line for the
 * current one (batch, loss, accuracy, images/s, ETA), updated in place in a notebook and on a terminal;
 * when the console is not a terminal (logs, CI) the live line is printed at most every 10 seconds.
 */
public final class Progress {
    private final String title;
    private final PrintStream out;
    private final boolean notebook;
    private final boolean terminal;
    private final List<String> finished = new ArrayList<>();
    private String displayId;
    private long lastShown;
    private int epochs;

    /** Progress for a run called {@code title}, on stdout and (inside a kernel) in the notebook. */
    public Progress(String title) {
        this(title, System.out, Display.inKernel(), System.console() != null);
    }

    Progress(String title, PrintStream out, boolean notebook, boolean terminal) {
        this.title = title;
        this.out = out;
        this.notebook = notebook;
        this.terminal = terminal;
    }

    /** A progress that prints nothing (tests, benchmarks). */
    public static Progress silent() {
        return new Progress("", null, false, false);
    }

    void start(int epochs, String note) {
        this.epochs = epochs;
        if (note != null && !note.isBlank()) finished.add(note);
        if (notebook) displayId = Display.text(render(""));
        if (out != null && !notebook && note != null && !note.isBlank()) out.println(title + ": " + note);
    }

    /** A live update: called after every batch, shown at most every 250 ms (terminal, notebook) or 10 s. */
    void batch(int epoch, int batch, int batches, double loss, double acc, double imagesPerSecond, double etaSeconds) {
        long now = System.nanoTime();
        long every = terminal || notebook ? 250_000_000L : 10_000_000_000L;
        if (now - lastShown < every && batch != batches) return;
        lastShown = now;
        String line = String.format(Locale.ROOT, "epoch %d/%d  batch %d/%s  loss %.4f  acc %.4f  %.1f img/s  ETA %s",
                epoch, epochs, batch, batches > 0 ? Integer.toString(batches) : "?", loss, acc, imagesPerSecond, eta(etaSeconds));
        show(line, false);
    }

    void endEpoch(EpochMetrics m, String extra) {
        String line = String.format(Locale.ROOT,
                "epoch %d/%d  %.0fs  loss %.4f  accuracy %.4f  val_loss %.4f  val_accuracy %.4f  lr %.3g%s",
                m.epoch(), epochs, m.seconds(), m.loss(), m.accuracy(), m.valLoss(), m.valAccuracy(), m.learningRate(),
                extra == null || extra.isEmpty() ? "" : "  " + extra);
        finished.add(line);
        show(line, true);
    }

    /** A one-off message (resume, early stop, learning-rate change). */
    void message(String msg) {
        finished.add(msg);
        show(msg, true);
    }

    private void show(String line, boolean permanent) {
        if (notebook) {
            Display.updateText(displayId, render(permanent ? "" : line));
        } else if (out != null) {
            if (terminal) {
                out.print("\r\033[K" + title + " " + line + (permanent ? "\n" : ""));
                out.flush();
            } else {
                out.println(title + " " + line);
            }
        }
    }

    private String render(String live) {
        StringBuilder sb = new StringBuilder(title).append('\n');
        for (String f : finished) sb.append(f).append('\n');
        if (!live.isEmpty()) sb.append(live);
        return sb.toString();
    }

    static String eta(double s) {
        if (Double.isNaN(s) || Double.isInfinite(s) || s < 0) return "?";
        long t = Math.round(s);
        return t >= 3600 ? String.format("%dh%02dm", t / 3600, t % 3600 / 60) : String.format("%d:%02d", t / 60, t % 60);
    }
}
