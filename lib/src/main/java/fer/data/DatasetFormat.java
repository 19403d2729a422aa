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

    /** Parses csv, folders or ferplus (any case); anything else is an error naming the choices. */
    public static DatasetFormat parse(String s) {
        for (DatasetFormat f : values()) if (f.id().equalsIgnoreCase(s.trim())) return f;
        throw new IllegalArgumentException("Unknown dataset format '" + s + "': expected csv, folders or ferplus");
    }

    /** Lower-case id, as in {@code fer data summary --json}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
