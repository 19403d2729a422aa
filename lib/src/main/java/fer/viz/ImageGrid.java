package fer.viz;

import fer.data.Emotion;
import fer.data.LabeledImages;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A grid of square grayscale images with a caption per row (left), per column (top) and optionally
 * per cell (below it): sample sheets, correct / misclassified examples, saliency rows.
 *
 * <pre>{@code
 * BufferedImage img = new ImageGrid(48).zoom(2).columnCaptions(List.of("a", "b"))
 *         .row("happy", List.of(px1, px2)).render();
 * }</pre>
 */
public final class ImageGrid {
    private final int side;
    private int zoom = 2;
    private int gap = 4;
    private List<String> columnCaptions = List.of();
    private final List<String> rowCaptions = new ArrayList<>();
    private final List<List<byte[]>> rows = new ArrayList<>();
    private final List<List<String>> cellCaptions = new ArrayList<>();

    /** A grid of {@code side×side} images. */
    public ImageGrid(int side) {
        if (side < 1) throw new IllegalArgumentException("side must be positive, got " + side);
        this.side = side;
    }

    /** Each pixel drawn as a {@code zoom×zoom} block (nearest neighbour: pixels stay visible). */
    public ImageGrid zoom(int z) {
        if (z < 1) throw new IllegalArgumentException("zoom must be ≥ 1, got " + z);
        this.zoom = z;
        return this;
    }

    /** Captions above the columns. */
    public ImageGrid columnCaptions(List<String> captions) {
        this.columnCaptions = List.copyOf(captions);
        return this;
    }

    /** Adds a row of images (each {@code side*side} bytes, row-major) with a caption on its left. */
    public ImageGrid row(String caption, List<byte[]> images) {
        return row(caption, images, null);
    }

    /** Adds a row with a caption under each image (e.g. "pred: sad"); {@code captions} may be null. */
    public ImageGrid row(String caption, List<byte[]> images, List<String> captions) {
        for (byte[] px : images) {
            if (px.length != side * side) {
                throw new IllegalArgumentException("row '" + caption + "': expected " + side * side + " pixels per image, got " + px.length);
            }
        }
        if (captions != null && captions.size() != images.size()) {
            throw new IllegalArgumentException("row '" + caption + "': " + images.size() + " images but " + captions.size() + " captions");
        }
        rowCaptions.add(caption == null ? "" : caption);
        rows.add(List.copyOf(images));
        cellCaptions.add(captions == null ? null : List.copyOf(captions));
        return this;
    }

    /** Number of rows added so far. */
    public int rowCount() {
        return rows.size();
    }

    /** Draws the grid on white. */
    public BufferedImage render() {
        if (rows.isEmpty()) throw new IllegalStateException("an image grid needs at least one row");
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(font);
        int left = 0;
        for (String c : rowCaptions) left = Math.max(left, fm.stringWidth(c));
        pg.dispose();
        left += left > 0 ? 10 : 0;
        int cols = rows.stream().mapToInt(List::size).max().orElse(0);
        int cell = side * zoom;
        int top = columnCaptions.isEmpty() ? gap : 18;
        int under = cellCaptions.stream().anyMatch(c -> c != null) ? 13 : 0;
        int w = left + cols * (cell + gap) + gap, h = top + rows.size() * (cell + under + gap);
        BufferedImage out = new BufferedImage(Math.max(w, 1), h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), h);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setColor(Color.BLACK);
            g.setFont(font);
            for (int c = 0; c < Math.min(cols, columnCaptions.size()); c++) {
                g.drawString(columnCaptions.get(c), left + c * (cell + gap) + 2, 13);
            }
            for (int r = 0; r < rows.size(); r++) {
                int y = top + r * (cell + under + gap);
                g.setFont(font);
                g.drawString(rowCaptions.get(r), 4, y + cell / 2 + 5);
                List<byte[]> row = rows.get(r);
                for (int c = 0; c < row.size(); c++) {
                    int x = left + c * (cell + gap);
                    g.drawImage(gray(row.get(c)), x, y, cell, cell, null);
                    if (cellCaptions.get(r) != null) {
                        g.setFont(small);
                        g.drawString(cellCaptions.get(r).get(c), x, y + cell + 11);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private BufferedImage gray(byte[] px) {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, side, side, px);
        return img;
    }

    /**
     * Figure 4's sample sheet: one row per class (label order), {@code perClass} randomly chosen images
     * of it (seeded), classes without images left out.
     */
    public static ImageGrid samplesPerClass(LabeledImages images, int perClass, long seed) {
        ImageGrid grid = new ImageGrid(images.side());
        Random rnd = new Random(seed);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < images.classes().size(); c++) byClass.add(new ArrayList<>());
        for (int i = 0; i < images.size(); i++) byClass.get(images.label(i)).add(i);
        for (int c = 0; c < byClass.size(); c++) {
            List<Integer> ids = byClass.get(c);
            if (ids.isEmpty()) continue;
            java.util.Collections.shuffle(ids, rnd);
            List<byte[]> px = new ArrayList<>();
            for (int k = 0; k < Math.min(perClass, ids.size()); k++) px.add(images.pixels(ids.get(k)));
            Emotion e = images.classes().get(c);
            grid.row(e.title(), px);
        }
        return grid;
    }
}
