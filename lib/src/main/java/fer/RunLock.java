package fer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * An OS file lock ({@link FileChannel#tryLock}) on a lock file, held while a process uses a run, a search or a model
 * name: a second process is refused in one line naming the holder's PID, and a lock left by a killed process does not
 * block, because the OS drops a dead process's locks (the file itself stays, holding the last holder's PID).
 *
 * <p>Within one JVM the lock is re-entrant (a run holding its model name may save the model, which takes it again): the
 * table of held locks is this class's only state, and a process-wide one by nature, since OS locks belong to the process.
 */
public final class RunLock implements AutoCloseable {
    /** The lock file's name inside a run or search folder. */
    public static final String FILE = ".lock";

    private static final Map<Path, Held> HELD = new HashMap<>();

    private record Held(FileChannel channel, FileLock lock, int[] count) {}

    private final Path file;
    private boolean closed;

    private RunLock(Path file) {
        this.file = file;
    }

    /** The lock of a run or search folder: {@code dir/.lock}. */
    public static RunLock folder(Path dir, String what) {
        return acquire(dir.resolve(FILE), what);
    }

    /** The lock of a model name in {@code modelsDir}: {@code modelsDir/.NAME.lock} (names never start with '.'). */
    public static RunLock model(Path modelsDir, String name) {
        return acquire(modelsDir.resolve("." + Names.check("model name", name) + ".lock"), "model " + name);
    }

    /**
     * Takes the lock in {@code file} for {@code what} ("run r"), or throws an {@link IllegalStateException} in one line
     * naming the process that holds it.
     */
    public static RunLock acquire(Path file, String what) {
        Path key = file.toAbsolutePath().normalize();
        synchronized (HELD) {
            Held h = HELD.get(key);
            if (h != null) {
                h.count()[0]++;
                return new RunLock(key);
            }
            FileChannel ch = null;
            try {
                Files.createDirectories(key.getParent());
                ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // another channel of this JVM holds it outside this table: treat as held
                }
                if (lock == null) {
                    String holder = holder(ch);
                    ch.close();
                    throw new IllegalStateException(what + " is in use by process " + holder + " (lock " + key
                            + "): wait for it to finish, or use another name");
                }
                byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8);
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(pid), 0);
                ch.force(false);
                HELD.put(key, new Held(ch, lock, new int[] {1}));
                return new RunLock(key);
            } catch (IOException e) {
                if (ch != null) {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // the first error is the one to report
                    }
                }
                throw new UncheckedIOException("Cannot lock " + what + " (" + key + "): " + FileErrors.cause(e), e);
            }
        }
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(64);
            ch.read(b, 0);
            String pid = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
            return pid.matches("\\d+") ? pid : "(unknown pid)";
        } catch (IOException e) {
            return "(unknown pid: " + FileErrors.cause(e) + ")";
        }
    }

    public Path file() {
        return file;
    }

    /** Releases this hold; the OS lock goes with the last one. The file stays (deleting it would race a new holder). */
    @Override
    public void close() {
        synchronized (HELD) {
            if (closed) return;
            closed = true;
            Held h = HELD.get(file);
            if (h == null || --h.count()[0] > 0) return;
            HELD.remove(file);
            try {
                h.lock().release();
                h.channel().close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot release lock " + file + ": " + FileErrors.cause(e), e);
            }
        }
    }
}
