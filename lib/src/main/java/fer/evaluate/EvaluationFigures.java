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
import java.util.Locale;
import java.util.Set;

/** Images of Section 7's figures that are not charts: Figure 8's explainer, reports and tables as figures. */
public final class EvaluationFigures {
    private EvaluationFigures() {}

    /**
     * A classification report drawn as the report's Figures 10 and 13 show it: scikit-learn's layout,
     * 2 decimals, a rule above the accuracy row.
     */
    public static BufferedImage report(ClassificationReport r, String title) {
        List<List<String>> rows = new ArrayList<>();
        for (var row : r.rows()) rows.add(line(row));
        rows.add(r.accuracyRow() ? List.of("accuracy", "", "", ClassificationReport.fixed(r.accuracy(), 2), Long.toString(r.support()))
                : line(r.microAvg()));
        rows.add(line(r.macroAvg()));
        rows.add(line(r.weightedAvg()));
        return TableImage.render(title, List.of("", "precision", "recall", "f1-score", "support"), rows,
                new boolean[] {false, true, true, true, true}, Set.of(r.rows().size()), Set.of());
    }

    private static List<String> line(ClassificationReport.Row row) {
        return List.of(row.name(), ClassificationReport.fixed(row.precision(), 2), ClassificationReport.fixed(row.recall(), 2),
                ClassificationReport.fixed(row.f1(), 2), Long.toString(row.support()));
    }

    /**
     * Figure 8: the four outcomes of one class against the rest, laid out as the report does (columns: actually
     * positive / negative; rows: predicted positive / negative), filled with the counts of an actual confusion
     * matrix, with the precision and recall they give.
     */
    public static BufferedImage explainer(BinaryCounts c, String modelName) {
        String pos = c.positive().id();
        int cellW = 250, cellH = 92, left = 190, top = 96, w = left + 2 * cellW + 20, h = top + 2 * cellH + 92;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString("Confusion matrix labels: " + pos + " vs rest (" + modelName + ")", 12, 26);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString("positive = true class " + pos + "; negative = any other class; " + c.total() + " images", 12, 46);
            Font head = new Font(Font.SANS_SERIF, Font.BOLD, 13);
            g.setFont(head);
            centre(g, "Actually positive (" + pos + ")", left, top - 30, cellW, 20);
            centre(g, "Actually negative (not " + pos + ")", left + cellW, top - 30, cellW, 20);
            g.drawString("Predicted positive", 14, top + cellH / 2 + 5);
            g.drawString("Predicted negative", 14, top + cellH + cellH / 2 + 5);
            String[][] names = {{"True positives (TP)", "False positives (FP)"}, {"False negatives (FN)", "True negatives (TN)"}};
            long[][] v = {{c.tp(), c.fp()}, {c.fn(), c.tn()}};
            Color good = new Color(0xD9F0D3), bad = new Color(0xF9D5D3);
            for (int r = 0; r < 2; r++) {
                for (int col = 0; col < 2; col++) {
                    int x = left + col * cellW, y = top + r * cellH;
                    g.setColor(r == col ? good : bad);
                    g.fillRect(x, y, cellW, cellH);
                    g.setColor(Color.DARK_GRAY);
                    g.setStroke(new BasicStroke(1.5f));
                    g.drawRect(x, y, cellW, cellH);
                    g.setColor(Color.BLACK);
                    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
                    centre(g, names[r][col], x, y + 14, cellW, 20);
                    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 26));
                    centre(g, Long.toString(v[r][col]), x, y + 44, cellW, 34);
                }
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            int y = top + 2 * cellH + 28;
            g.drawString(String.format(Locale.ROOT, "precision = TP / (TP + FP) = %d / %d = %.3f", c.tp(), c.tp() + c.fp(),
                    Metric.PRECISION.of(c, 0)), 14, y);
            g.drawString(String.format(Locale.ROOT, "recall = TP / (TP + FN) = %d / %d = %.3f", c.tp(), c.tp() + c.fn(),
                    Metric.RECALL.of(c, 0)), 14, y + 20);
            g.drawString(String.format(Locale.ROOT, "F1 = %.3f   accuracy (this class vs rest) = %.3f",
                    Metric.F1.of(c, 0), Metric.ACCURACY.of(c, 0)), 14, y + 40);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void centre(Graphics2D g, String s, int x, int y, int w, int h) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(s, x + (w - fm.stringWidth(s)) / 2, y + (h + fm.getAscent() - fm.getDescent()) / 2);
    }
}
