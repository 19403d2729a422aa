package fer.data;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line into fields: commas, double-quoted fields with {@code ""} escapes, surrounding spaces trimmed. */
final class CsvFields {
    private CsvFields() {}

    /** The fields of {@code line}; throws IllegalArgumentException on an unterminated quote. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        b.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    b.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(b.toString().trim());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        if (quoted) throw new IllegalArgumentException("unterminated quoted field");
        out.add(b.toString().trim());
        return out;
    }

    /** Strips a UTF-8 byte-order mark left at the start of a header line. */
    static String stripBom(String line) {
        return line != null && !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
    }
}
