package fer.evaluate;

import fer.viz.Display;
import java.io.PrintStream;
import java.util.Locale;

/**
 * One live line for long batched work ("default-vgg16-quick test: 384/900 images, 212 img/s, ETA 0:02"):
 * updated in place in a notebook, printed at most every 10 s on a console, and once when done.
 */
public final class ProgressLine {
    private final String title;
    private final PrintStream out;
    private final boolean notebook;
    private final long start = System.nanoTime();
    private String displayId;
    private long lastPrinted = start;

    private ProgressLine(String title, PrintStream out, boolean notebook) {
        this.title = title;
        this.out = out;
        this.notebook = notebook;
    }

    /** A line in the notebook when inside a kernel, else on standard output. */
    public static ProgressLine of(String title) {
        return new ProgressLine(title, System.out, Display.inKernel());
    }

    /** Prints nothing (tests). */
    public static ProgressLine silent() {
        return new ProgressLine("", null, false);
    }

    /** {@code done} of {@code total} items finished. */
    public void update(long done, long total, String unit) {
        long now = System.nanoTime();
        double s = (now - start) / 1e9;
        double rate = s > 0 ? done / s : 0;
        double eta = rate > 0 ? (total - done) / rate : Double.NaN;
        String line = String.format(Locale.ROOT, "%s: %d/%d %s, %.0f %s/s, %s %s", title, done, total, unit, rate, unit,
                done >= total ? "took" : "ETA", clock(done >= total ? s : eta));
        if (notebook) {
            if (displayId == null) displayId = Display.text(line);
            else Display.updateText(displayId, line);
        } else if (out != null && (done >= total || now - lastPrinted > 10_000_000_000L)) {
            lastPrinted = now;
            out.println(line);
        }
    }

    static String clock(double s) {
        if (Double.isNaN(s) || Double.isInfinite(s) || s < 0) return "?";
        long t = Math.round(s);
        return String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
    }
}
