package fer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An append-only, line-oriented log ({@code trials.jsonl}, {@code history.csv}): each line is one {@code write} forced
 * to disk, so a process killed at any moment leaves every earlier line whole and at most a torn last line (no final
 * newline). Before the first append a log is repaired: a torn tail is cut back to the last newline, and the repair is
 * reported, so the next line never lands on a fragment. Root package: the train and tune steps both keep such logs.
 */
public final class AppendLog {
    private final Path file;
    private boolean repaired;

    public AppendLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * Cuts a torn last line (bytes after the last newline) off {@code file}; returns what was done, in one line naming the
     * file, or null when the file is missing, empty or ends with a newline.
     */
    public static String repair(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size == 0) return null;
            // scan back from the end in blocks for the last '\n'
            long keep = 0;
            ByteBuffer buf = ByteBuffer.allocate(8192);
            long end = size;
            search:
            while (end > 0) {
                long start = Math.max(0, end - buf.capacity());
                buf.clear().limit((int) (end - start));
                while (buf.hasRemaining()) {
                    if (ch.read(buf, start + buf.position()) < 0) break;
                }
                for (int i = buf.position() - 1; i >= 0; i--) {
                    if (buf.get(i) == '\n') {
                        keep = start + i + 1;
                        break search;
                    }
                }
                end = start;
            }
            if (keep == size) return null;
            ByteBuffer tail = ByteBuffer.allocate((int) Math.min(60, size - keep));
            ch.read(tail, keep);
            String fragment = new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?");
            ch.truncate(keep);
            ch.force(true);
            return file + ": cut a torn last line (" + (size - keep) + " bytes from an interrupted write: '" + fragment
                    + (size - keep > 60 ? "..." : "") + "') before appending";
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot repair " + file + ": " + FileErrors.cause(e), e);
        }
    }

    /** Repairs the log once (see {@link #repair(Path)}); returns the note, or null when nothing needed doing. */
    public synchronized String repairOnce() {
        if (repaired) return null;
        repaired = true;
        return repair(file);
    }

    /** Appends {@code line} (a newline is added) in one write and forces it to disk, repairing the log first if needed. */
    public synchronized void append(String line) {
        repairOnce();
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) ch.write(b);
                ch.force(false);
            }
        } catch (IOException e) {
            // a partial write (disk full mid-line) would leave a torn tail: cut it now, so the log stays whole
            repaired = false;
            try {
                repair(file);
            } catch (RuntimeException ignored) {
                // the append's error below is the one to report
            }
            throw new UncheckedIOException("Cannot append to " + file + ": " + FileErrors.cause(e), e);
        }
    }
}
