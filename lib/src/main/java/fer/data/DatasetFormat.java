package fer.data;

import java.util.Locale;

/** The form a FER dataset was read from. */
public enum DatasetFormat {
    /** Kaggle's {@code fer2013.csv}: emotion, pixels, Usage. */
    CSV,
    /** {@code train/<class>/*} and {@code test/<class>/*} image folders. */
    FOLDERS,
    /** {@code fer2013.csv} relabelled by {@code fer2013new.csv} (FER+ majority vote, 8 classes). */
    FERPLUS;

    /** Lower-case id, as in {@code fer data summary --json}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
