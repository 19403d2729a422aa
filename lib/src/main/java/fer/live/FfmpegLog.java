package fer.live;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * FFmpeg's log, kept instead of printed: its decoders print a line per damaged packet on stderr (a
 * truncated file gives dozens), where {@code fer live} should say once, in its own words, what happened.
 * The last error lines are kept so that a {@link FfmpegVideo} warning can quote FFmpeg's reason.
 *
 * <p>FFmpeg's log callback is process-wide, hence one static instance: a cache of recent lines, not state
 * anything depends on.
 */
final class FfmpegLog extends LogCallback {
    private static final int KEEP = 20;
    private static final FfmpegLog INSTANCE = new FfmpegLog();
    private static volatile boolean installed;

    private final Deque<String> errors = new ArrayDeque<>();
    private long count;

    private FfmpegLog() {}

    /** Routes FFmpeg's log here (once per process); warnings and below are dropped, errors kept. */
    static void install() {
        if (installed) return;
        synchronized (FfmpegLog.class) {
            if (installed) return;
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            avutil.setLogCallback(INSTANCE);
            installed = true;
        }
    }

    /** How many error lines FFmpeg has logged so far in this process. */
    static long errorCount() {
        synchronized (INSTANCE) {
            return INSTANCE.count;
        }
    }

    /** The error lines logged after {@code since} ({@link #errorCount()} earlier), the most recent last, at most 20. */
    static List<String> errorsSince(long since) {
        synchronized (INSTANCE) {
            long n = Math.min(INSTANCE.count - since, INSTANCE.errors.size());
            List<String> all = new ArrayList<>(INSTANCE.errors);
            return List.copyOf(all.subList(all.size() - (int) Math.max(0, n), all.size()));
        }
    }

    @Override
    public void call(int level, BytePointer msg) {
        if (level > avutil.AV_LOG_ERROR || msg == null || msg.isNull()) return;
        String line = msg.getString().strip();
        if (line.isEmpty()) return;
        synchronized (this) {
            count++;
            if (errors.size() == KEEP) errors.removeFirst();
            errors.addLast(line);
        }
    }
}
