package fer.evaluate;

import fer.data.InMemoryImages;
import fer.data.SplitDataset;
import java.util.Locale;

/** The part of a dataset a model is evaluated on. */
public enum Split {
    /** The held-out test part (FER-2013's own test images). */
    TEST("test"),
    /** The validation part; the report's Figures 10 and 13 were computed on it (their supports sum to 5,741). */
    VALIDATION("val");

    private final String id;

    Split(String id) {
        this.id = id;
    }

    /** {@code test} or {@code val}: as written in run folder names and on the command line. */
    public String id() {
        return id;
    }

    /** Its images in {@code data}. */
    public InMemoryImages images(SplitDataset data) {
        return this == TEST ? data.test() : data.validation();
    }

    /** The ids (rows of the dataset's index) of its images. */
    public int[] indexIds(SplitDataset data) {
        return this == TEST ? data.testIds() : data.validationIds();
    }

    /** Parses {@code test}, {@code val} or {@code validation} (any case). */
    public static Split parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "test" -> TEST;
            case "val", "validation" -> VALIDATION;
            default -> throw new IllegalArgumentException("Unknown split '" + s + "': expected test or val");
        };
    }
}
