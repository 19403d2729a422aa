package fer;

import java.util.Locale;

/**
 * Where a long step says how far it is. The caller passes one in — the notebook's in-place display, the CLI's
 * console ({@code fer.viz.ProgressDisplay}), or {@link #NONE} — and the step never asks where it runs.
 *
 * <p>Two kinds of lines: {@link #log} lines stay (an epoch finished, a trial done, a notice); the one {@link #live}
 * line is replaced by the next (batch 40/90, ETA). A display may show live lines less often than they come.
 */
public interface Progress {
    /** A line that stays. */
    void log(String line);

    /** The current state, replacing the previous live line. */
    void live(String line);

    /** A progress of its own for a sub-step called {@code title} (in a notebook: a display of its own). */
    default Progress titled(String title) {
        return this;
    }

    /** A display may show only the last {@code n} lines that stay below the first one (a search's header). */
    default Progress keepLast(int n) {
        return this;
    }

    /** Says nothing: tests, benchmarks, work whose caller shows its own summary. */
    Progress NONE = new Progress() {
        @Override public void log(String line) {}

        @Override public void live(String line) {}
    };

    /** A counter of {@code unit}s done with rate and ETA, reported here as live lines and a last log line. */
    default Meter meter(String title, String unit) {
        return new Meter(this, title, unit);
    }

    /** "title: 384/900 images, 212 images/s, ETA 0:02" as work goes on; "…, took 0:04" as a log line at the end. */
    final class Meter {
        private final Progress to;
        private final String title;
        private final String unit;
        private final long start = System.nanoTime();

        Meter(Progress to, String title, String unit) {
            this.to = to;
            this.title = title;
            this.unit = unit;
        }

        /** {@code done} of {@code total} finished. */
        public void update(long done, long total) {
            double s = (System.nanoTime() - start) / 1e9;
            double rate = s > 0 ? done / s : 0;
            boolean finished = done >= total;
            double eta = rate > 0 ? (total - done) / rate : Double.NaN;
            String line = String.format(Locale.ROOT, "%s: %d/%d %s, %.0f %s/s, %s %s", title, done, total, unit, rate, unit,
                    finished ? "took" : "ETA", clock(finished ? s : eta));
            if (finished) to.log(line);
            else to.live(line);
        }
    }

    /** m:ss for a duration in seconds ("?" when unknown); h:mm:ss from an hour on. */
    static String clock(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds) || seconds < 0) return "?";
        long t = Math.round(seconds);
        return t >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t % 3600 / 60, t % 60)
                : String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
    }
}
