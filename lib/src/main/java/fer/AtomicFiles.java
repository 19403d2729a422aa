package fer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see the old content or the new, never a half: a temporary file in the same folder,
 * forced to disk, then renamed over the target. On any failure (a full disk, no permission) the temporary file is
 * removed, the target keeps its previous content, and the error names the target and the cause in words.
 */
public final class AtomicFiles {
    /** What writes the content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /** Replaces {@code target} with what {@code content} writes. */
    public static void write(Path target, Content content) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream buffered = new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 20);
                // a writer that closes its stream (Jackson does) must not close the channel before it is forced
                OutputStream out = new java.io.FilterOutputStream(buffered) {
                    @Override public void write(byte[] b, int off, int len) throws IOException {
                        buffered.write(b, off, len);
                    }

                    @Override public void close() throws IOException {
                        buffered.flush();
                    }
                };
                content.writeTo(out);
                buffered.flush();
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + FileErrors.cause(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write's own error is the one to report; a leftover would be named by the next listing
                }
            }
        }
    }

    /** Replaces {@code target} with {@code text} in UTF-8. */
    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
