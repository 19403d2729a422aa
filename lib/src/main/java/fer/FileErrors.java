package fer;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The cause of a failed file operation in words a user acts on ("No space left on device", "permission denied"):
 * Java's {@code AccessDeniedException} and friends carry only the path as their message, which hid the cause.
 */
public final class FileErrors {
    private FileErrors() {}

    /** What went wrong, without the path (the caller's message names it). */
    public static String cause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String reason = t instanceof FileSystemException f ? f.getReason() : null;
            if (t instanceof AccessDeniedException) return "permission denied" + (reason == null ? "" : " (" + reason + ")");
            if (t instanceof NoSuchFileException) return "no such file or folder" + (reason == null ? "" : " (" + reason + ")");
            if (t instanceof NotDirectoryException) return "not a folder";
            if (t instanceof FileAlreadyExistsException) return "already exists";
            if (t instanceof DirectoryNotEmptyException) return "folder not empty";
            if (reason != null) return reason;
            if (t instanceof IOException && t.getMessage() != null && !t.getMessage().isBlank()) return t.getMessage();
        }
        return e.getClass().getSimpleName();
    }
}
