package fer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who else used the CPU while one side of a benchmark ran. A speed ratio is only evidence when both
 * sides ran on a quiet machine: contention slows DL4J and PyTorch unequally (OpenMP barriers in
 * PyTorch degrade much more), so every measured interval is checked and flagged.
 *
 * <p>Reads {@code /proc}: the 1-minute load average and each process's user+system CPU ticks at the
 * start and end of an interval. The benchmark's own process tree (this JVM and its children, such as the
 * PyTorch peer) is left out. Off Linux, {@link #available()} is false and intervals report nothing.
 */
public final class LoadWatch {
    /** Others' CPU above this fraction of one core makes an interval "contended". */
    public static final double CONTENDED = 0.05;
    /** A single other process is listed when it used at least this fraction of one core. */
    static final double LISTED = 0.02;
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on every Linux we target
    private static final Path PROC = Path.of("/proc");

    /** A process's identity and CPU ticks at one moment. */
    record Sample(long pid, long ppid, String command, long ticks) {}

    /** What happened during one interval. */
    public record Interval(String label, double seconds, double loadBefore, double loadAfter, double othersCores,
                           List<String> busy) {
        /** True when other processes used more than {@link #CONTENDED} of a core on average. */
        public boolean contended() {
            return othersCores > CONTENDED;
        }

        /** One line for the log: load averages, others' CPU and the busiest other processes. */
        public String describe() {
            return String.format(Locale.ROOT, "%s: %.1f s, load %.2f -> %.2f, other processes %.0f%% of a core%s%s",
                    label, seconds, loadBefore, loadAfter, 100 * othersCores,
                    busy.isEmpty() ? "" : " (" + String.join(", ", busy) + ")",
                    contended() ? "  WARNING: not a quiet machine, this interval's numbers are not evidence" : "");
        }
    }

    /** An interval in progress. */
    public final class Open {
        private final String label;
        private final long t0 = System.nanoTime();
        private final double load0 = loadAverage();
        private final Map<Long, Sample> before = snapshot();

        private Open(String label) {
            this.label = label;
        }

        /** Ends the interval and says what the rest of the machine did meanwhile. */
        public Interval close() {
            double secs = (System.nanoTime() - t0) / 1e9;
            Map<Long, Sample> after = snapshot();
            Set<Long> mine = ownTree(after);
            double others = 0;
            List<Sample> busy = new ArrayList<>();
            Map<Long, Double> used = new HashMap<>();
            for (Sample s : after.values()) {
                if (mine.contains(s.pid())) continue;
                Sample b = before.get(s.pid());
                long delta = s.ticks() - (b == null ? 0 : b.ticks());
                if (b == null && delta > secs * TICKS_PER_SECOND) delta = 0; // a new pid we cannot split: skip
                double cores = delta / TICKS_PER_SECOND / Math.max(secs, 1e-3);
                if (cores <= 0) continue;
                others += cores;
                used.put(s.pid(), cores);
                if (cores >= LISTED) busy.add(s);
            }
            busy.sort(Comparator.comparingDouble((Sample s) -> -used.get(s.pid())));
            List<String> names = busy.stream().limit(5)
                    .map(s -> String.format(Locale.ROOT, "%s[%d] %.0f%%", s.command(), s.pid(), 100 * used.get(s.pid()))).toList();
            return new Interval(label, secs, load0, loadAverage(), others, names);
        }
    }

    /** True where {@code /proc} can be read (Linux). */
    public static boolean available() {
        return Files.isReadable(PROC.resolve("loadavg"));
    }

    /** Starts watching an interval named {@code label}. */
    public Open start(String label) {
        return new Open(label);
    }

    /** The 1-minute load average, or NaN where unknown. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(PROC.resolve("loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Every readable process's CPU ticks; processes that vanish while being read are skipped. */
    static Map<Long, Sample> snapshot() {
        Map<Long, Sample> out = new HashMap<>();
        if (!available()) return out;
        try (var dirs = Files.list(PROC)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                String name = d.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                try {
                    Sample s = parseStat(Files.readString(d.resolve("stat")));
                    if (s != null) out.put(s.pid(), s);
                } catch (IOException | RuntimeException gone) {
                    // the process ended between listing and reading: nothing to count
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** Parses {@code /proc/PID/stat}: the command is in parentheses and may itself contain spaces or ')'. */
    static Sample parseStat(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) return null;
        long pid = Long.parseLong(stat.substring(0, open).trim());
        String command = stat.substring(open + 1, close);
        String[] f = stat.substring(close + 2).trim().split("\\s+");
        // after the command: state(0) ppid(1) ... utime(11) stime(12)
        return new Sample(pid, Long.parseLong(f[1]), command, Long.parseLong(f[11]) + Long.parseLong(f[12]));
    }

    /** This JVM and all its descendants (the peer script runs as a child). */
    static Set<Long> ownTree(Map<Long, Sample> procs) {
        Set<Long> tree = new HashSet<>();
        tree.add(ProcessHandle.current().pid());
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Sample s : procs.values()) {
                if (!tree.contains(s.pid()) && tree.contains(s.ppid())) {
                    tree.add(s.pid());
                    grew = true;
                }
            }
        }
        return tree;
    }
}
