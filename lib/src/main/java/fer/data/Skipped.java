package fer.data;

/** An item a lenient read left out, and why: every skip is reported, none is silent. */
public record Skipped(String item, String reason) {
    @Override
    public String toString() {
        return item + ": " + reason;
    }
}
