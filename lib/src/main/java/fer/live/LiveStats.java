package fer.live;

import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Frames per second and where the time goes (decode, detect, classify, draw, output), measured over the
 * frames after a short warm-up (the first frames pay for oneDNN and cascade initialisation). Also the
 * process CPU time per frame, which a shared machine distorts less than wall time.
 */
public final class LiveStats {
    /** The pipeline's stages, in order. */
    public enum Stage {
        DECODE, DETECT, CLASSIFY, DRAW, OUTPUT;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A summary: frames and faces counted (all frames), per-stage milliseconds per frame and FPS (timed
     * frames only).
     */
    public record Summary(int frames, int faces, int timedFrames, double fps, Map<Stage, Double> msPerFrame,
                          double cpuMsPerFrame, double loadAverage) {
        /** One line for the console, e.g. {@code 41.3 FPS over 295 frames (1 face/frame): decode 2.1 ms, ...}. */
        public String line() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%.1f FPS over %d frames (%.2f faces/frame, %d warm-up frames not timed): ",
                    fps, timedFrames, frames == 0 ? 0.0 : (double) faces / frames, frames - timedFrames));
            String sep = "";
            for (Stage s : Stage.values()) {
                b.append(sep).append(String.format(Locale.ROOT, "%s %.1f ms", s.id(), msPerFrame.get(s)));
                sep = ", ";
            }
            b.append(String.format(Locale.ROOT, "; CPU %.1f ms/frame; load average %.2f", cpuMsPerFrame, loadAverage));
            return b.toString();
        }

        /** Milliseconds per frame, all stages together. */
        public double totalMs() {
            return msPerFrame.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private final int warmup;
    private final long[] nanos = new long[Stage.values().length];
    private int frames, faces, timed;
    private long cpuStart = -1;
    private long cpuNanos;
    private final long[] current = new long[Stage.values().length];

    /** @param warmupFrames frames at the start left out of the timings */
    public LiveStats(int warmupFrames) {
        if (warmupFrames < 0) throw new IllegalArgumentException("warm-up frames must be ≥ 0, got " + warmupFrames);
        this.warmup = warmupFrames;
    }

    /** Starts a frame; time its stages with {@link #add}. */
    public void beginFrame() {
        java.util.Arrays.fill(current, 0);
        if (frames == warmup) cpuStart = processCpuNanos();
    }

    /** Adds {@code nanos} to a stage of the current frame. */
    public void add(Stage stage, long elapsedNanos) {
        current[stage.ordinal()] += elapsedNanos;
    }

    /** Ends a frame that showed {@code faceCount} faces. */
    public void endFrame(int faceCount) {
        if (frames >= warmup) {
            for (int i = 0; i < nanos.length; i++) nanos[i] += current[i];
            timed++;
            cpuNanos = cpuStart < 0 ? 0 : processCpuNanos() - cpuStart;
        }
        frames++;
        faces += faceCount;
    }

    /** Frames per second so far over timed frames (0 before any), for the window's overlay. */
    public double fps() {
        long total = 0;
        for (long n : nanos) total += n;
        return total == 0 ? 0 : timed * 1e9 / total;
    }

    public int frames() {
        return frames;
    }

    public Summary summary() {
        Map<Stage, Double> ms = new EnumMap<>(Stage.class);
        for (Stage s : Stage.values()) ms.put(s, timed == 0 ? 0.0 : nanos[s.ordinal()] / 1e6 / timed);
        return new Summary(frames, faces, timed, fps(), ms, timed == 0 ? 0.0 : cpuNanos / 1e6 / timed, loadAverage());
    }

    /** The 1-minute load average (-1 where the OS does not say). */
    public static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
