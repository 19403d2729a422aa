package fer.explain;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A figure of saliency maps: columns are images (or classes) with a two-line header each, the first row
 * the plain faces, then one row per method with every map overlaid on its face and a colour bar.
 */
public final class SaliencyGrid {
    /** A column header: two lines and the colour of the first (green = correct, red = wrong, black = neutral). */
    public record Header(String line1, String line2, Color colour) {}

    private final int h;
    private final int w;
    private final int zoom;
    private final List<Header> headers = new ArrayList<>();
    private final List<float[]> faces = new ArrayList<>();
    private final List<String> rowTitles = new ArrayList<>();
    private final List<List<float[]>> rows = new ArrayList<>();
    private String note = "";

    /** A grid of {@code h x w} images shown {@code zoom} times enlarged. */
    public SaliencyGrid(int h, int w, int zoom) {
        this.h = h;
        this.w = w;
        this.zoom = zoom;
    }

    /** Adds a column: its header and its face (gray in [0, 1], h*w values). */
    public SaliencyGrid column(Header header, float[] face) {
        headers.add(header);
        faces.add(face);
        return this;
    }

    /** Adds a method's row: one raw map per column (normalised here, each by its own 99th percentile). */
    public SaliencyGrid row(String title, List<float[]> maps) {
        if (maps.size() != faces.size()) throw new IllegalArgumentException("row " + title + ": " + maps.size() + " maps for " + faces.size() + " columns");
        rowTitles.add(title);
        List<float[]> norm = new ArrayList<>();
        for (float[] m : maps) norm.add(Heatmaps.normalise(m));
        rows.add(norm);
        return this;
    }

    /** A line of text under the grid (e.g. how maps are scaled). */
    public SaliencyGrid note(String text) {
        note = text;
        return this;
    }

    /** Draws the grid. */
    public BufferedImage render() {
        int cw = w * zoom, ch = h * zoom, gap = 6, left = 150, top = 40, bar = 14, barGap = 10, right = 40;
        int width = left + faces.size() * (cw + gap) + barGap + bar + right;
        int height = top + (rows.size() + 1) * (ch + gap) + (note.isEmpty() ? 8 : 26);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            for (int c = 0; c < faces.size(); c++) {
                int x = left + c * (cw + gap);
                Header hd = headers.get(c);
                g.setColor(hd.colour());
                centred(g, fm, hd.line1(), x, cw, 15);
                g.setColor(Color.DARK_GRAY);
                centred(g, fm, hd.line2(), x, cw, 31);
            }
            List<String> titles = new ArrayList<>();
            titles.add("input");
            titles.addAll(rowTitles);
            for (int r = 0; r <= rows.size(); r++) {
                int y = top + r * (ch + gap);
                g.setColor(Color.BLACK);
                drawWrapped(g, fm, titles.get(r), 6, y + ch / 2, left - 12);
                for (int c = 0; c < faces.size(); c++) {
                    float[] map = r == 0 ? null : rows.get(r - 1).get(c);
                    g.drawImage(Heatmaps.overlay(faces.get(c), map, h, w, zoom), left + c * (cw + gap), y, null);
                }
                if (r > 0) {
                    int bx = left + faces.size() * (cw + gap) + barGap;
                    g.drawImage(Heatmaps.colourBar(bar, ch), bx, y, null);
                    g.setColor(Color.BLACK);
                    g.drawString("1", bx + bar + 3, y + fm.getAscent());
                    g.drawString("0", bx + bar + 3, y + ch);
                }
            }
            if (!note.isEmpty()) {
                g.setColor(Color.DARK_GRAY);
                g.drawString(note, 6, height - 8);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void centred(Graphics2D g, FontMetrics fm, String s, int x, int width, int y) {
        g.drawString(s, x + Math.max(0, (width - fm.stringWidth(s)) / 2), y);
    }

    private static void drawWrapped(Graphics2D g, FontMetrics fm, String text, int x, int centreY, int maxWidth) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && fm.stringWidth(line + " " + word) > maxWidth) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        lines.add(line.toString());
        int y = centreY - (lines.size() * fm.getHeight()) / 2 + fm.getAscent();
        for (String l : lines) {
            g.drawString(l, x, y);
            y += fm.getHeight();
        }
    }
}
