package fer.data;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps class-folder names as they appear in the copies of FER-2013's folder form to labels, by name
 * and never by alphabetical position: copies spell classes differently ({@code disgust}/{@code disgusted},
 * {@code fear}/{@code fearful}, {@code surprise}/{@code surprised}, any case), and sorted order differs
 * from FER-2013's label order (alphabetically, neutral comes before sad).
 */
public final class ClassNames {
    private static final Map<String, Emotion> NAMES = Map.ofEntries(
            Map.entry("angry", Emotion.ANGRY), Map.entry("anger", Emotion.ANGRY),
            Map.entry("disgust", Emotion.DISGUST), Map.entry("disgusted", Emotion.DISGUST),
            Map.entry("fear", Emotion.FEAR), Map.entry("fearful", Emotion.FEAR),
            Map.entry("happy", Emotion.HAPPY), Map.entry("happiness", Emotion.HAPPY),
            Map.entry("sad", Emotion.SAD), Map.entry("sadness", Emotion.SAD),
            Map.entry("surprise", Emotion.SURPRISE), Map.entry("surprised", Emotion.SURPRISE),
            Map.entry("neutral", Emotion.NEUTRAL),
            Map.entry("contempt", Emotion.CONTEMPT));

    private ClassNames() {}

    /** The class a folder name stands for, if it is one of the known spellings (any case). */
    public static Optional<Emotion> parse(String folderName) {
        return Optional.ofNullable(NAMES.get(folderName.trim().toLowerCase(Locale.ROOT)));
    }
}
