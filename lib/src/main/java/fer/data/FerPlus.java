package fer.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reader for FER+: {@code fer2013.csv} for the pixels, relabelled by {@code fer2013new.csv}
 * ({@code Usage,Image name,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF}:
 * votes of 10 taggers, one row per FER-2013 row in the same order).
 *
 * <p>Labels follow Microsoft's reference majority vote: single votes are zeroed as outliers; the top
 * category must hold more than half of the remaining votes, else the image is unknown; images whose
 * winner is unknown or NF (not a face), and rows without an image name, are excluded (counted in
 * {@link FerDataset#excluded()}). 8 classes: FER-2013's 7 plus contempt.
 */
public final class FerPlus {
    /** Vote columns in file order, and the class each stands for (null: unknown, NF). */
    static final List<String> VOTE_COLUMNS = List.of("neutral", "happiness", "surprise", "sadness", "anger",
            "disgust", "fear", "contempt", "unknown", "nf");
    private static final Emotion[] VOTE_CLASS = {Emotion.NEUTRAL, Emotion.HAPPY, Emotion.SURPRISE, Emotion.SAD,
        Emotion.ANGRY, Emotion.DISGUST, Emotion.FEAR, Emotion.CONTEMPT, null, null};

    private FerPlus() {}

    /** True when {@code dir} holds both {@code fer2013.csv} and {@code fer2013new.csv}. */
    public static boolean looksLikeFerPlus(Path dir) {
        return Files.isRegularFile(dir.resolve("fer2013.csv")) && Files.isRegularFile(dir.resolve("fer2013new.csv"));
    }

    /** Reads {@code dir/fer2013.csv} + {@code dir/fer2013new.csv}. */
    public static FerDataset read(Path dir, ReadOptions opt) {
        return read(dir.resolve("fer2013.csv"), dir.resolve("fer2013new.csv"), opt);
    }

    /** Reads FER+ from the two files. */
    public static FerDataset read(Path fer2013, Path ferNew, ReadOptions opt) {
        IndexBuilder b = new IndexBuilder("FER+", opt.side(), Emotion.FERPLUS);
        Map<Integer, Fer2013Csv.Row> byOrdinal = new HashMap<>();
        int[] dataRows = {0};
        int pixelRows = Fer2013Csv.rows(fer2013, opt.lenient(), b::skip, r -> byOrdinal.put(r.ordinal(), r));
        String file = ferNew.toString();
        dataRows[0] = CsvRows.read(ferNew, "FER+'s fer2013new.csv", opt.lenient(), b::skip, (cols, header) -> {
            int cUsage = cols.indexOf("usage"), cName = cols.indexOf("image name");
            int[] cVote = VOTE_COLUMNS.stream().mapToInt(cols::indexOf).toArray();
            if (cUsage < 0 || cName < 0 || java.util.Arrays.stream(cVote).anyMatch(c -> c < 0)) {
                throw new IllegalArgumentException("header must be Usage,Image name,neutral,happiness,surprise,sadness,"
                        + "anger,disgust,fear,contempt,unknown,NF; found '" + header + "'");
            }
            return (f, ord, lineNo) -> {
                double[] votes = new double[cVote.length];
                for (int k = 0; k < cVote.length; k++) {
                    String v = f.get(cVote[k]);
                    try {
                        votes[k] = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(VOTE_COLUMNS.get(k) + ": expected a vote count, found '" + v + "'");
                    }
                    if (votes[k] < 0 || Double.isNaN(votes[k])) {
                        throw new IllegalArgumentException(VOTE_COLUMNS.get(k) + ": expected a vote count ≥ 0, found '" + v + "'");
                    }
                }
                Fer2013Csv.Row px = byOrdinal.remove(ord);
                if (px == null) {
                    // the paired fer2013.csv row was bad and already reported (lenient), or is missing
                    if (ord >= pixelRows) {
                        throw new IllegalArgumentException("no matching row " + (ord + 1) + " in " + fer2013);
                    }
                    return;
                }
                if (f.get(cName).isBlank()) {
                    b.exclude("no image name");
                    return;
                }
                int winner = majority(votes);
                if (winner < 0 || VOTE_CLASS[winner] == null) {
                    b.exclude(winner == 9 ? "not a face" : "unknown");
                    return;
                }
                String usage = f.get(cUsage);
                String split = Fer2013Csv.USAGES.stream().filter(u -> u.equalsIgnoreCase(usage)).findFirst().orElseThrow(() ->
                        new IllegalArgumentException("Usage: expected Training, PublicTest or PrivateTest, found '" + usage + "'"));
                b.add(fer2013 + "", px.line(), VOTE_CLASS[winner].label(), split,
                        Gray.resize(px.pixels(), 48, 48, opt.side()), 48, 48, 1);
            };
        });
        if (dataRows[0] != pixelRows) {
            // Rows must pair one to one; a count mismatch means the two files do not belong together.
            throw new BadDataException(file, "has " + dataRows[0] + " data rows but " + fer2013 + " has " + pixelRows
                    + ": expected one FER+ row per FER-2013 row, in the same order");
        }
        if (b.size() == 0) throw new BadDataException(file, "no labelled images after the majority vote");
        return b.build(DatasetFormat.FERPLUS, fer2013.getParent());
    }

    /**
     * Microsoft's FER+ "majority" rule: zero single votes, then the top category wins only with more
     * than half of what remains. Returns the winning column (0–9), or -1 when there is none.
     */
    static int majority(double[] raw) {
        double[] v = raw.clone();
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 1.0 + Math.ulp(1.0)) v[i] = 0;
            sum += v[i];
        }
        int arg = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[arg]) arg = i;
        return v[arg] > 0.5 * sum ? arg : -1;
    }
}
