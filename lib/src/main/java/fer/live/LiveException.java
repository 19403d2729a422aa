package fer.live;

/**
 * A problem the user can fix (no camera at that index, an unreadable video, a folder without images, an
 * unknown model): its message says what was looked for and what was found; the CLI prints it alone.
 */
public final class LiveException extends RuntimeException {
    public LiveException(String message) {
        super(message);
    }

    public LiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
