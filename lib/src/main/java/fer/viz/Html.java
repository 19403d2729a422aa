package fer.viz;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Small HTML renderings for notebook display: tables and escaped text. */
public final class Html {
    private Html() {}

    /** Escapes text for HTML element content and attribute values. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A Tablesaw table as an HTML table (at most {@code maxRows} rows, with a row count note). */
    public static String table(Table table, int maxRows) {
        StringBuilder b = new StringBuilder("<table class=\"fer-table\">");
        if (table.name() != null && !table.name().isBlank()) {
            b.append("<caption>").append(escape(table.name())).append("</caption>");
        }
        b.append("<thead><tr>");
        for (Column<?> c : table.columns()) b.append("<th>").append(escape(c.name())).append("</th>");
        b.append("</tr></thead><tbody>");
        int rows = Math.min(maxRows, table.rowCount());
        for (int r = 0; r < rows; r++) {
            b.append("<tr>");
            for (Column<?> c : table.columns()) {
                b.append("<td>").append(escape(c.getString(r))).append("</td>");
            }
            b.append("</tr>");
        }
        b.append("</tbody></table>");
        if (rows < table.rowCount()) {
            b.append("<p><i>").append(rows).append(" of ").append(table.rowCount()).append(" rows shown</i></p>");
        }
        return b.toString();
    }

    /** Displays a table in the notebook (no-op outside a kernel); returns the display id. */
    public static String show(Table table) {
        return Display.html(table(table, 50));
    }
}
