package fer.viz;

import fer.Progress;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The one progress display of the project, for every long step (training, search, evaluation, saliency, data
 * generation): in a notebook one text output updated in place (the title, the lines that stay, the live line); on
 * a terminal the live line redrawn in place; in a log (CI, a file) the live line at most every 10 seconds so logs stay
 * readable. The notebook or the CLI builds one ({@link #auto()}) and passes it to the library as a {@link Progress}.
 */
public final class ProgressDisplay implements Progress {
    /** Where the lines go. */
    public enum Mode { NOTEBOOK, TERMINAL, LOG }

    private static final long INTERACTIVE_EVERY_NS = 250_000_000L;
    private static final long LOG_EVERY_NS = 10_000_000_000L;

    private final Mode mode;
    private final PrintStream out;
    private final String title;
    private final int keep;
    private final Deque<String> kept = new ArrayDeque<>();
    private String header;
    private String displayId;
    private long lastLive;
    private boolean liveShowing;

    private ProgressDisplay(Mode mode, PrintStream out, String title, int keep) {
        this.mode = mode;
        this.out = out;
        this.title = title == null ? "" : title;
        this.keep = keep;
    }

    /** In a notebook when inside a Java kernel, else on standard output (redrawn in place on a terminal). */
    public static ProgressDisplay auto() {
        Mode m = Display.inKernel() ? Mode.NOTEBOOK : System.console() != null ? Mode.TERMINAL : Mode.LOG;
        return new ProgressDisplay(m, System.out, "", Integer.MAX_VALUE);
    }

    /** Lines on {@code out} as a log: every line that stays, the live line at most every 10 s. */
    public static ProgressDisplay log(PrintStream out) {
        return new ProgressDisplay(Mode.LOG, out, "", Integer.MAX_VALUE);
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public ProgressDisplay titled(String t) {
        return new ProgressDisplay(mode, out, t, keep);
    }

    /** In a notebook, show only the last {@code n} lines that stay below the first (a search's header). */
    @Override
    public ProgressDisplay keepLast(int n) {
        if (n < 1) throw new IllegalArgumentException("keepLast needs n >= 1, got " + n);
        return new ProgressDisplay(mode, out, title, n);
    }

    @Override
    public synchronized void log(String line) {
        if (header == null) header = line;
        else {
            kept.addLast(line);
            while (kept.size() > keep) kept.removeFirst();
        }
        switch (mode) {
            case NOTEBOOK -> show("");
            case TERMINAL -> {
                out.print("\r\033[K" + prefixed(line) + "\n");
                out.flush();
                liveShowing = false;
            }
            case LOG -> out.println(prefixed(line));
        }
    }

    @Override
    public synchronized void live(String line) {
        long now = System.nanoTime();
        long every = mode == Mode.LOG ? LOG_EVERY_NS : INTERACTIVE_EVERY_NS;
        if (lastLive != 0 && now - lastLive < every) return;
        lastLive = now;
        switch (mode) {
            case NOTEBOOK -> show(line);
            case TERMINAL -> {
                out.print("\r\033[K" + prefixed(line));
                out.flush();
                liveShowing = true;
            }
            case LOG -> out.println(prefixed(line));
        }
    }

    /** Ends a live line left on a terminal, so the next output starts on its own line. */
    public synchronized void close() {
        if (mode == Mode.TERMINAL && liveShowing) {
            out.println();
            liveShowing = false;
        }
    }

    private String prefixed(String line) {
        return title.isEmpty() ? line : title + " " + line;
    }

    private void show(String live) {
        StringBuilder b = new StringBuilder();
        if (!title.isEmpty()) b.append(title).append('\n');
        if (header != null) b.append(header).append('\n');
        for (String s : kept) b.append(s).append('\n');
        if (!live.isEmpty()) b.append(live);
        String text = b.toString().stripTrailing();
        if (displayId == null) displayId = Display.text(text);
        else Display.updateText(displayId, text);
    }
}
