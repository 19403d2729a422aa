package fer.viz;

import fer.Profile;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Saves every figure a notebook shows under one folder ({@code figures/}) with a stable name (e.g.
 * {@code fig02-train-distribution}) and records where it came from in {@code manifest.csv} there.
 * One per study ({@code study.figures()}): it knows the folder, the profile and the notebook drawing.
 *
 * <p>The PNG carries a footer naming its dataset, so a synthetic-data figure can never be mistaken for
 * a FER-2013 one once it leaves the repository. Charts are also written as SVG. The report's tables are saved
 * the same way ({@link #showTable}): as data ({@code NAME.csv}) and as shown ({@code NAME.html}), with a manifest row.
 */
public final class Figures {
    /**
     * Columns of {@code figures/manifest.csv}; the one definition (rows are written and upgraded from it).
     * {@code notebook} is the notebook that drew the figure ({@code FER_NOTEBOOK}, exported by
     * {@code fer run}; empty from the CLI or a kernel started by hand).
     */
    public static final String MANIFEST_HEADER = "figure,title,dataset,profile,headline,notebook,created_utc";

    private final Path dir;
    private final Profile profile;
    private final String notebook;

    /** Figures saved in {@code dir}, recorded as made under {@code profile} by {@code notebook} ("" outside {@code fer run}). */
    public Figures(Path dir, Profile profile, String notebook) {
        if (dir == null || profile == null) throw new IllegalArgumentException("figures need a folder and a profile");
        this.dir = dir;
        this.profile = profile;
        this.notebook = notebook == null ? "" : notebook.strip();
    }

    /** The folder figures are saved in. */
    public Path dir() {
        return dir;
    }

    /**
     * What a figure was made from: written on the figure and in the manifest.
     *
     * @param headline the one number a reader wants from the figure, e.g. "best val_accuracy 0.612" for a
     *                 training curve or "accuracy 0.587" for a confusion matrix; empty where none fits
     */
    public record Provenance(String dataset, String headline) {
        public Provenance {
            if (dataset == null || dataset.isBlank()) throw new IllegalArgumentException("dataset must be named");
            headline = headline == null ? "" : headline.strip();
        }

        /** Made from {@code dataset} ("synthetic FER", "FER-2013", ...), no headline. */
        public static Provenance of(String dataset) {
            return new Provenance(dataset, "");
        }

        /** The same provenance with a headline number for the manifest's index (see {@link #headline}). */
        public Provenance withHeadline(String text) {
            return new Provenance(dataset, text);
        }
    }

    /** Saves an XChart chart as PNG (with footer) and SVG, displays it in the notebook, returns the PNG. */
    public BufferedImage show(String name, String title, Chart<?, ?> chart, Provenance from) {
        BufferedImage img = save(name, title, chart, from);
        Display.show(img);
        return img;
    }

    /** Saves an image (e.g. a sample grid) as PNG with footer, displays it, returns the stamped image. */
    public BufferedImage show(String name, String title, BufferedImage image, Provenance from) {
        BufferedImage img = save(name, title, image, from);
        Display.show(img);
        return img;
    }

    /** Saves a chart without displaying it. */
    public BufferedImage save(String name, String title, Chart<?, ?> chart, Provenance from) {
        checkName(name);
        try {
            Files.createDirectories(dir);
            VectorGraphicsEncoder.saveVectorGraphic(chart, dir.resolve(name).toString(),
                    VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + dir.resolve(name + ".svg") + ": " + e.getMessage(), e);
        }
        return save(name, title, BitmapEncoder.getBufferedImage(chart), from);
    }

    /** Saves an image as {@code NAME.png} with a provenance footer, and records it in the manifest. */
    public BufferedImage save(String name, String title, BufferedImage image, Provenance from) {
        checkName(name);
        BufferedImage stamped = withFooter(image, footer(from, profile));
        Path png = dir.resolve(name + ".png");
        try {
            Files.createDirectories(dir);
            // write-then-rename: a crash mid-write never leaves a truncated figure behind
            Path tmp = Files.createTempFile(dir, name, ".png.tmp");
            try {
                ImageIO.write(stamped, "png", tmp.toFile());
                Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            record(dir.resolve("manifest.csv"), name, title, from, profile, notebook);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write figure " + png + ": " + e.getMessage(), e);
        }
        return stamped;
    }

    /**
     * Saves a table the notebook shows (the report's Tables 1–4), records it in the manifest with the table's name
     * as title, and displays it; returns the display id. See {@link #saveTable}.
     */
    public String showTable(String name, Table table, Provenance from) {
        saveTable(name, table, from);
        return Html.show(table);
    }

    /**
     * Saves a table as {@code NAME.csv} (the data, RFC 4180, one header row: what the report and GitHub read) and
     * {@code NAME.html} (the table as the notebook shows it, with the provenance line), and records it in the
     * manifest with the table's name as title. Returns the CSV's path.
     */
    public Path saveTable(String name, Table table, Provenance from) {
        checkName(name);
        Path csv = dir.resolve(name + ".csv");
        try {
            Files.createDirectories(dir);
            writeAtomically(csv, tableCsv(table));
            String title = table.name() == null || table.name().isBlank() ? name : table.name();
            writeAtomically(dir.resolve(name + ".html"), "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                    + Html.escape(title) + "</title>\n<style>" + TABLE_CSS + "</style></head>\n<body>\n"
                    + Html.table(table, Integer.MAX_VALUE) + "\n<p class=\"provenance\">" + Html.escape(footer(from, profile))
                    + "</p>\n</body></html>\n");
            record(dir.resolve("manifest.csv"), name, title, from, profile, notebook);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write table " + csv + ": " + e.getMessage(), e);
        }
        return csv;
    }

    private static final String TABLE_CSS = "body{font-family:sans-serif;font-size:13px}table{border-collapse:collapse}"
            + "th,td{border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top}"
            + "caption{font-weight:bold;text-align:left;padding:4px 0}.provenance{color:#555;font-size:11px}";

    /** All rows of {@code table} as CSV: a header of column names, then each cell as Tablesaw prints it. */
    static String tableCsv(Table table) {
        StringBuilder b = new StringBuilder();
        List<String> header = new ArrayList<>();
        for (Column<?> c : table.columns()) header.add(csv(c.name()));
        b.append(String.join(",", header)).append('\n');
        for (int r = 0; r < table.rowCount(); r++) {
            List<String> cells = new ArrayList<>();
            for (Column<?> c : table.columns()) cells.add(csv(c.getString(r)));
            b.append(String.join(",", cells)).append('\n');
        }
        return b.toString();
    }

    /** Write-then-rename, so a crash mid-write never leaves a truncated file behind. */
    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static String footer(Provenance from, Profile profile) {
        return "dataset: " + from.dataset() + "  ·  profile: " + profile.id();
    }

    /** The image with a thin white band at the bottom carrying {@code text}. */
    static BufferedImage withFooter(BufferedImage image, String text) {
        int band = 18;
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight() + band, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(image, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString(text, 6, image.getHeight() + band - 5);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void checkName(String name) {
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("Figure name '" + name + "' must be lower-case letters, digits and dashes");
        }
    }

    /**
     * Upserts one manifest row per figure name, keeping rows sorted by name so diffs stay small. Rows of a
     * manifest written with fewer columns (before {@code headline} or {@code notebook} existed) are
     * re-laid out by column name, the missing cells left empty.
     */
    static synchronized void record(Path manifest, String name, String title, Provenance from, Profile profile, String notebook)
            throws IOException {
        List<String> columns = List.of(MANIFEST_HEADER.split(","));
        Map<String, String> rows = new TreeMap<>();
        if (Files.exists(manifest)) {
            List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
            List<String> had = lines.isEmpty() ? columns : splitCsv(lines.get(0));
            if (!had.isEmpty() && !had.get(0).equals("figure")) {
                throw new IOException(manifest + ": line 1 should be a header starting with 'figure', found '"
                        + lines.get(0) + "'");
            }
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) continue;
                List<String> cells = splitCsv(line);
                Map<String, String> byName = new java.util.HashMap<>();
                for (int c = 0; c < Math.min(had.size(), cells.size()); c++) byName.put(had.get(c), cells.get(c));
                List<String> out = new ArrayList<>();
                for (String col : columns) out.add(csv(byName.getOrDefault(col, "")));
                rows.put(cells.get(0), String.join(",", out));
            }
        }
        Map<String, String> cell = Map.of("figure", name, "title", title, "dataset", from.dataset(),
                "profile", profile.id(), "headline", from.headline(), "notebook", notebook == null ? "" : notebook,
                "created_utc", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        List<String> row = new ArrayList<>();
        for (String col : columns) row.add(csv(cell.get(col)));
        rows.put(name, String.join(",", row));
        List<String> out = new ArrayList<>();
        out.add(MANIFEST_HEADER);
        out.addAll(rows.values());
        Path tmp = manifest.resolveSibling("manifest.csv.tmp");
        Files.write(tmp, out, StandardCharsets.UTF_8);
        Files.move(tmp, manifest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** One CSV line's cells (RFC 4180 quoting, as {@link #csv} writes them). */
    static List<String> splitCsv(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') { b.append('"'); i++; }
                else if (c == '"') quoted = false;
                else b.append(c);
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        cells.add(b.toString());
        return cells;
    }

    private static String csv(String s) {
        boolean quote = s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r");
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
