package fer.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reader for Kaggle's {@code fer2013.csv}: header {@code emotion,pixels,Usage}; {@code pixels} holds
 * 2,304 space-separated values 0–255 (48×48, row-major); {@code emotion} is the FER-2013 label 0–6;
 * {@code Usage} is Training, PublicTest or PrivateTest. Tolerates CRLF, a UTF-8 BOM, quoted fields,
 * trailing spaces, columns in any order, and a missing Usage column (then every row is Training).
 */
public final class Fer2013Csv {
    /** The three source splits of FER-2013's CSV, in file order. */
    public static final List<String> USAGES = List.of("Training", "PublicTest", "PrivateTest");
    static final int PIXELS = 48 * 48;

    private Fer2013Csv() {}

    /** One validated data row. {@code ordinal} counts data rows (0-based), {@code line} is the 1-based file line. */
    record Row(int ordinal, int line, int label, String usage, byte[] pixels) {}

    /** Reads the file into a dataset named "FER-2013". */
    public static FerDataset read(Path csv, ReadOptions opt) {
        return read(csv, opt, "FER-2013");
    }

    /** Reads the file into a dataset with the given name (the synthetic set uses this reader too). */
    public static FerDataset read(Path csv, ReadOptions opt, String datasetName) {
        IndexBuilder b = new IndexBuilder(datasetName, opt.side(), Emotion.FER2013);
        String file = csv.toString();
        rows(csv, opt.lenient(), b::skip, r -> b.add(file, r.line(), r.label(), r.usage(),
                Gray.resize(r.pixels(), 48, 48, opt.side()), 48, 48, 1));
        if (b.size() == 0) {
            throw new BadDataException(file, "no valid image rows: expected at least one after the header"
                    + (b.skippedCount() > 0 ? " (" + b.skippedCount() + " skipped)" : ""));
        }
        return b.build(DatasetFormat.CSV, csv);
    }

    /**
     * Streams the valid rows of the file to {@code sink}. A bad row throws (strict) or goes to
     * {@code skips} (lenient); a missing file or a header without emotion/pixels always throws.
     * Returns the number of data rows, valid or not.
     */
    static int rows(Path csv, boolean lenient, Consumer<Skipped> skips, Consumer<Row> sink) {
        return CsvRows.read(csv, "Kaggle's fer2013.csv (header emotion,pixels,Usage)", lenient, skips, (cols, header) -> {
            int cEmotion = cols.indexOf("emotion"), cPixels = cols.indexOf("pixels"), cUsage = cols.indexOf("usage");
            if (cEmotion < 0 || cPixels < 0) {
                throw new IllegalArgumentException("header must have columns emotion,pixels[,Usage]; found '" + header + "'");
            }
            return (f, ordinal, lineNo) -> sink.accept(parse(f, cEmotion, cPixels, cUsage, ordinal, lineNo));
        });
    }

    private static Row parse(List<String> f, int cEmotion, int cPixels, int cUsage, int ordinal, int lineNo) {
        String em = f.get(cEmotion);
        int label;
        try {
            label = Integer.parseInt(em);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("emotion: expected an integer label 0–6, found '" + em + "'");
        }
        if (label < 0 || label > 6) throw new IllegalArgumentException("emotion: label out of range: expected 0–6, found " + label);
        String usage = "Training";
        if (cUsage >= 0) {
            String u = f.get(cUsage);
            usage = USAGES.stream().filter(x -> x.equalsIgnoreCase(u)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("Usage: expected Training, PublicTest or PrivateTest, found '" + u + "'"));
        }
        return new Row(ordinal, lineNo, label, usage, pixels(f.get(cPixels)));
    }

    /** Parses the space-separated pixel field: exactly 2,304 integers 0–255. */
    static byte[] pixels(String s) {
        byte[] px = new byte[PIXELS];
        int count = 0, i = 0, n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int start = i, v = 0;
            while (i < n && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
                char d = s.charAt(i);
                if (d < '0' || d > '9' || i - start > 3) {
                    int end = i;
                    while (end < n && s.charAt(end) != ' ') end++;
                    throw new IllegalArgumentException("pixels: value " + (count + 1) + " is '" + s.substring(start, end)
                            + "': expected an integer 0–255");
                }
                v = v * 10 + (d - '0');
                i++;
            }
            if (v > 255) {
                throw new IllegalArgumentException("pixels: value " + (count + 1) + " is " + v + ": expected an integer 0–255");
            }
            if (count < PIXELS) px[count] = (byte) v;
            count++;
        }
        if (count != PIXELS) {
            throw new IllegalArgumentException("pixels: expected 2304 values (48x48), found " + count);
        }
        return px;
    }

    /** Lists rows into memory (used by the FER+ reader, which pairs rows of two files). */
    static List<Row> allRows(Path csv, boolean lenient, Consumer<Skipped> skips) {
        List<Row> out = new ArrayList<>();
        rows(csv, lenient, skips, out::add);
        return out;
    }
}
