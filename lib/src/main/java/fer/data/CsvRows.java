package fer.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Reads a header-first CSV (fer2013.csv, fer2013new.csv) row by row, with the rules both share in one
 * place: UTF-8 BOM, blank lines skipped, 1-based line numbers in every error, too-short rows rejected, and
 * a bad row either stopping the read (strict) or reported as skipped (lenient).
 */
final class CsvRows {
    private CsvRows() {}

    /** Handles one data row: {@code ordinal} counts data rows from 0; throw IllegalArgumentException for a bad row. */
    interface Row {
        void accept(List<String> fields, int ordinal, int lineNo);
    }

    /**
     * Reads {@code csv}. {@code onHeader} gets the lower-cased column names and the raw header line, checks them
     * (an IllegalArgumentException becomes an error at line 1) and returns the handler for the data rows.
     *
     * @param expected what the file should be, for the file-not-found and empty-file messages
     * @return the number of data rows, valid or not
     */
    static int read(Path csv, String expected, boolean lenient, Consumer<Skipped> skips,
                    BiFunction<List<String>, String, Row> onHeader) {
        String file = csv.toString();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = CsvFields.stripBom(in.readLine());
            if (header == null) throw new BadDataException(file + ":1", "empty file: expected " + expected);
            List<String> cols = CsvFields.split(header).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
            Row row;
            try {
                row = onHeader.apply(cols, header);
            } catch (IllegalArgumentException e) {
                throw new BadDataException(file + ":1", e.getMessage());
            }
            String line;
            int lineNo = 1, ordinal = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                int ord = ordinal++;
                try {
                    List<String> fields = CsvFields.split(line);
                    if (fields.size() < cols.size()) {
                        throw new IllegalArgumentException("expected " + cols.size() + " fields, found " + fields.size());
                    }
                    row.accept(fields, ord, lineNo);
                } catch (IllegalArgumentException e) {
                    BadDataException bad = new BadDataException(file + ":" + lineNo, e.getMessage());
                    if (!lenient) throw bad;
                    skips.accept(bad.asSkipped());
                }
            }
            return ordinal;
        } catch (NoSuchFileException e) {
            throw new BadDataException(file, "file not found: expected " + expected + " here", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
