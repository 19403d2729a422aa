package fer.viz;

import fer.Profile;
import fer.Project;
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

/**
 * Saves every figure a notebook shows under {@code figures/} with a stable name (e.g.
 * {@code fig02-train-distribution}) and records where it came from in {@code figures/manifest.csv}.
 *
 * <p>The PNG carries a footer naming its dataset, so a synthetic-data figure can never be mistaken for
 * a FER-2013 one once it leaves the repository. Charts are also written as SVG.
 */
public final class Figures {
    /**
     * Columns of {@code figures/manifest.csv}; the one definition (rows are written and upgraded from it).
     * {@code notebook} is the notebook that drew the figure ({@code FER_NOTEBOOK}, exported by
     * {@code fer run}; empty from the CLI or a kernel started by hand).
     */
    public static final String MANIFEST_HEADER = "figure,title,dataset,profile,headline,notebook,created_utc";

    /** Environment variable naming the running notebook, e.g. {@code 03-transfer-learning}. */
    public static final String NOTEBOOK_ENV = "FER_NOTEBOOK";

    private Figures() {}

    /**
     * What a figure was made from: written on the figure and in the manifest.
     *
     * @param headline the one number a reader wants from the figure, e.g. "best val_accuracy 0.612" for a
     *                 training curve or "accuracy 0.587" for a confusion matrix; empty where none fits
     */
    public record Provenance(String dataset, Profile profile, String headline) {
        public Provenance {
            if (dataset == null || dataset.isBlank()) throw new IllegalArgumentException("dataset must be named");
            if (profile == null) profile = Profile.fromEnvironment();
            headline = headline == null ? "" : headline.strip();
        }

        public Provenance(String dataset, Profile profile) {
            this(dataset, profile, "");
        }

        /** Provenance for the current profile ({@code FER_PROFILE}). */
        public static Provenance of(String dataset) {
            return new Provenance(dataset, Profile.fromEnvironment(), "");
        }

        /** The same provenance with a headline number for the manifest's index (see {@link #headline}). */
        public Provenance withHeadline(String text) {
            return new Provenance(dataset, profile, text);
        }

        String footer() {
            return "dataset: " + dataset + "  ·  profile: " + profile.id();
        }
    }

    /** Saves an XChart chart as PNG (with footer) and SVG, displays it in the notebook, returns the PNG. */
    public static BufferedImage show(String name, String title, Chart<?, ?> chart, Provenance from) {
        BufferedImage img = save(name, title, chart, from);
        Display.show(img);
        return img;
    }

    /** Saves an image (e.g. a sample grid) as PNG with footer, displays it, returns the stamped image. */
    public static BufferedImage show(String name, String title, BufferedImage image, Provenance from) {
        BufferedImage img = save(name, title, image, from);
        Display.show(img);
        return img;
    }

    /** Saves a chart under {@code figures/} without displaying it. */
    public static BufferedImage save(String name, String title, Chart<?, ?> chart, Provenance from) {
        Path dir = Project.figures();
        try {
            Files.createDirectories(dir);
            VectorGraphicsEncoder.saveVectorGraphic(chart, dir.resolve(name).toString(),
                    VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + dir.resolve(name + ".svg"), e);
        }
        return save(name, title, BitmapEncoder.getBufferedImage(chart), from);
    }

    /** Saves an image under {@code figures/NAME.png} with a provenance footer, and records it. */
    public static BufferedImage save(String name, String title, BufferedImage image, Provenance from) {
        checkName(name);
        BufferedImage stamped = withFooter(image, from.footer());
        Path dir = Project.figures();
        Path png = dir.resolve(name + ".png");
        try {
            Files.createDirectories(dir);
            // write-then-rename: a crash mid-write never leaves a truncated figure behind
            Path tmp = Files.createTempFile(dir, name, ".png.tmp");
            ImageIO.write(stamped, "png", tmp.toFile());
            Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            record(dir.resolve("manifest.csv"), name, title, from);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write figure " + png, e);
        }
        return stamped;
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

    /** The notebook drawing figures in this JVM ({@code FER_NOTEBOOK}), or "" outside {@code fer run}. */
    static String currentNotebook() {
        String nb = System.getenv(NOTEBOOK_ENV);
        return nb == null ? "" : nb.strip();
    }

    static void record(Path manifest, String name, String title, Provenance from) throws IOException {
        record(manifest, name, title, from, currentNotebook());
    }

    /**
     * Upserts one manifest row per figure name, keeping rows sorted by name so diffs stay small. Rows of a
     * manifest written with fewer columns (before {@code headline} or {@code notebook} existed) are
     * re-laid out by column name, the missing cells left empty.
     */
    static synchronized void record(Path manifest, String name, String title, Provenance from, String notebook)
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
                "profile", from.profile().id(), "headline", from.headline(), "notebook", notebook == null ? "" : notebook,
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
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
