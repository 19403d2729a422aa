package fer.data;

import java.util.List;
import java.util.Locale;

/**
 * Expression classes in FER-2013's label order (0 Angry … 6 Neutral); CONTEMPT exists only in FER+.
 * {@link #ordinal()} is the FER-2013 label.
 */
public enum Emotion {
    ANGRY,
    DISGUST,
    FEAR,
    HAPPY,
    SAD,
    SURPRISE,
    NEUTRAL,
    CONTEMPT;

    /** The 7 FER-2013 classes in label order. */
    public static final List<Emotion> FER2013 = List.of(ANGRY, DISGUST, FEAR, HAPPY, SAD, SURPRISE, NEUTRAL);

    /** The 8 FER+ classes (FER-2013's 7 plus contempt), in this project's label order. */
    public static final List<Emotion> FERPLUS = List.of(ANGRY, DISGUST, FEAR, HAPPY, SAD, SURPRISE, NEUTRAL, CONTEMPT);

    /** Canonical lower-case name: angry, disgust, fear, happy, sad, surprise, neutral, contempt. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Display name: Angry, Disgust, … */
    public String title() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }

    /** The FER-2013 label (0–6; 7 for contempt). */
    public int label() {
        return ordinal();
    }

    /** The class for a FER-2013 label. */
    public static Emotion ofLabel(int label) {
        if (label < 0 || label >= values().length) {
            throw new IllegalArgumentException("Label " + label + " out of range 0–" + (values().length - 1));
        }
        return values()[label];
    }
}
