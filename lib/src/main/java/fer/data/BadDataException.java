package fer.data;

/**
 * A dataset item that cannot be read as what it claims to be: a malformed CSV row, an unreadable
 * image, an unknown class folder. The message names the item (file, or file:line) and what was expected.
 */
public final class BadDataException extends RuntimeException {
    private final String item;
    private final String reason;

    public BadDataException(String item, String reason) {
        super(item + ": " + reason);
        this.item = item;
        this.reason = reason;
    }

    public BadDataException(String item, String reason, Throwable cause) {
        super(item + ": " + reason, cause);
        this.item = item;
        this.reason = reason;
    }

    /** The file, or {@code file:line}, that is bad. */
    public String item() { return item; }

    /** What was expected and what was found. */
    public String reason() { return reason; }

    /** This failure as a skipped-item record (lenient mode). */
    public Skipped asSkipped() { return new Skipped(item, reason); }
}
