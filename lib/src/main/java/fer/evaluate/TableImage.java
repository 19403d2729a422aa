package fer.evaluate;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Draws a small table as an image, for the classification reports the report shows as
 * figures (10, 13): a title, a bold header, numbers right-aligned, long text wrapped, a rule above chosen rows.
 */
final class TableImage {
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font HEAD = new Font(Font.SANS_SERIF, Font.BOLD, 12);
    private static final Font BODY = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final int PAD = 8, MAX_TEXT = 330;

    private TableImage() {}

    /**
     * @param numeric     per column: right-align (numbers)
     * @param rulesBefore body row indices that get a line above them (e.g. the "accuracy" row)
     * @param bold        body row indices drawn bold
     */
    static BufferedImage render(String title, List<String> headers, List<List<String>> rows, boolean[] numeric,
                                Set<Integer> rulesBefore, Set<Integer> bold) {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics body = pg.getFontMetrics(BODY), head = pg.getFontMetrics(HEAD), tfm = pg.getFontMetrics(TITLE);
        int cols = headers.size();
        int[] width = new int[cols];
        for (int c = 0; c < cols; c++) width[c] = head.stringWidth(headers.get(c));
        for (List<String> r : rows) {
            for (int c = 0; c < cols; c++) width[c] = Math.max(width[c], Math.min(MAX_TEXT, body.stringWidth(r.get(c)) + 2));
        }
        List<List<List<String>>> wrapped = new ArrayList<>();
        for (List<String> r : rows) {
            List<List<String>> cells = new ArrayList<>();
            for (int c = 0; c < cols; c++) cells.add(wrap(r.get(c), body, width[c]));
            wrapped.add(cells);
        }
        pg.dispose();
        int lineH = body.getHeight() + 2;
        int tableW = PAD;
        for (int w : width) tableW += w + 2 * PAD;
        int w = Math.max(tableW + PAD, tfm.stringWidth(title) + 2 * PAD);
        int h = PAD + tfm.getHeight() + PAD + lineH + 6;
        int[] rowH = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            int lines = 1;
            for (List<String> cell : wrapped.get(r)) lines = Math.max(lines, cell.size());
            rowH[r] = lines * lineH + 4;
            h += rowH[r];
        }
        h += PAD;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.setFont(TITLE);
            int y = PAD + tfm.getAscent();
            g.drawString(title, PAD, y);
            y += tfm.getDescent() + PAD;
            g.setFont(HEAD);
            int x = PAD;
            for (int c = 0; c < cols; c++) {
                drawCell(g, headers.get(c), x + PAD, y + head.getAscent(), width[c], numeric[c], head);
                x += width[c] + 2 * PAD;
            }
            y += lineH + 2;
            g.setStroke(new BasicStroke(1.5f));
            g.drawLine(PAD, y, tableW, y);
            y += 4;
            g.setStroke(new BasicStroke(0.8f));
            for (int r = 0; r < rows.size(); r++) {
                if (r % 2 == 1) {
                    g.setColor(new Color(0xF3F5F8));
                    g.fillRect(PAD, y, tableW - PAD, rowH[r]);
                }
                g.setColor(Color.GRAY);
                if (rulesBefore.contains(r)) g.drawLine(PAD, y, tableW, y);
                g.setColor(Color.BLACK);
                g.setFont(bold.contains(r) ? HEAD : BODY);
                FontMetrics fm = g.getFontMetrics();
                x = PAD;
                for (int c = 0; c < cols; c++) {
                    List<String> lines = wrapped.get(r).get(c);
                    for (int l = 0; l < lines.size(); l++) {
                        drawCell(g, lines.get(l), x + PAD, y + 2 + fm.getAscent() + l * lineH, width[c], numeric[c], fm);
                    }
                    x += width[c] + 2 * PAD;
                }
                y += rowH[r];
            }
            g.setColor(Color.BLACK);
            g.drawLine(PAD, y, tableW, y);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void drawCell(Graphics2D g, String s, int x, int baseline, int width, boolean right, FontMetrics fm) {
        g.drawString(s, right ? x + width - fm.stringWidth(s) : x, baseline);
    }

    private static List<String> wrap(String s, FontMetrics fm, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : s.split(" ")) {
            String next = line.length() == 0 ? word : line + " " + word;
            if (fm.stringWidth(next) > width && line.length() > 0) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(next);
            }
        }
        lines.add(line.toString());
        return lines;
    }
}
