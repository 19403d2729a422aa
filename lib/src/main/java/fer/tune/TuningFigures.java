package fer.tune;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The search's charts: objective per trial, objective per parameter value, strategies against budget. */
public final class TuningFigures {
    private TuningFigures() {}

    /** Validation accuracy of each trial (by status) and the best so far, in trial order. */
    public static XYChart trials(SearchResult r) {
        XYChart c = new XYChartBuilder().width(760).height(420).title("Trials of " + r.config().dirName() + " (" + r.config().strategy().id() + ")")
                .xAxisTitle("trial").yAxisTitle("validation accuracy").build();
        for (TrialStatus s : List.of(TrialStatus.COMPLETE, TrialStatus.PRUNED)) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (TrialRecord t : r.searchTrials()) {
                if (t.status() == s && t.hasObjective()) {
                    x.add(t.trial() + 1.0);
                    y.add(t.objective());
                }
            }
            if (!x.isEmpty()) {
                XYSeries se = c.addSeries(s.id(), x, y);
                se.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                se.setMarker(s == TrialStatus.COMPLETE ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
            }
        }
        long failed = r.count(TrialStatus.FAILED);
        List<Double> bx = new ArrayList<>();
        List<Double> by = new ArrayList<>();
        double best = Double.NaN;
        for (TrialRecord t : r.searchTrials()) {
            if (t.hasObjective() && (Double.isNaN(best) || t.objective() > best)) best = t.objective();
            if (!Double.isNaN(best)) {
                bx.add(t.trial() + 1.0);
                by.add(best);
            }
        }
        if (!bx.isEmpty()) c.addSeries("best so far", bx, by).setMarker(SeriesMarkers.NONE).setLineColor(new Color(0xC44E52));
        if (failed > 0) c.setTitle(c.getTitle() + ", " + failed + " failed (not plotted)");
        c.getStyler().setXAxisDecimalPattern("0");
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        return c;
    }

    /**
     * One small panel per hyperparameter: each trial's validation accuracy against its value of that
     * parameter (values as categories, jittered), so a parameter that matters shows separated clouds.
     */
    public static BufferedImage parameters(SearchResult r) {
        List<BufferedImage> panels = new ArrayList<>();
        for (Param p : r.config().space().params()) {
            List<Object> values = p.discreteValues();
            // values named in the title, left to right: XChart places numeric ticks where it likes, not at each category
            String title = values == null ? p.name() : p.name() + ": " + String.join(" | ", values.stream().map(v -> Param.format(v).replace("'", "")).toList());
            XYChart c = new XYChartBuilder().width(300).height(230).title(title).yAxisTitle("val accuracy").build();
            c.getStyler().setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 11));
            c.getStyler().setLegendVisible(false);
            c.getStyler().setChartBackgroundColor(Color.WHITE);
            c.getStyler().setMarkerSize(6);
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            Random jitter = new Random(1);
            for (TrialRecord t : r.searchTrials()) {
                Object v = t.hyperparameters().get(p.name());
                if (v == null || !t.hasObjective()) continue;
                double pos = values != null ? values.indexOf(v) : Math.log10(((Number) v).doubleValue());
                x.add(pos + (values != null ? (jitter.nextDouble() - 0.5) * 0.3 : 0));
                y.add(t.objective());
            }
            if (x.isEmpty()) {
                x.add(0.0);
                y.add(Double.NaN);
            }
            c.addSeries(p.name(), x, y).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            if (values != null) {
                c.getStyler().setxAxisTickLabelsFormattingFunction(d -> {
                    int i = (int) Math.round(d);
                    return Math.abs(d - i) < 1e-6 && i >= 0 && i < values.size() ? Param.format(values.get(i)).replace("'", "") : "";
                });
                c.getStyler().setXAxisMin(-0.5);
                c.getStyler().setXAxisMax(values.size() - 0.5);
            } else {
                c.setXAxisTitle("log10 " + p.name());
            }
            panels.add(BitmapEncoder.getBufferedImage(c));
        }
        return tile(panels, 4);
    }

    /** Best validation accuracy so far against images trained, one line per search (same budget). */
    public static XYChart strategies(List<SearchResult> results) {
        XYChart c = new XYChartBuilder().width(760).height(420).title("Best validation accuracy vs images trained")
                .xAxisTitle("images trained (samples x epochs)").yAxisTitle("best validation accuracy so far").build();
        for (SearchResult r : results) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (double[] p : r.trajectory()) {
                if (Double.isNaN(p[1])) continue;
                x.add(p[0]);
                y.add(p[1]);
            }
            if (x.isEmpty()) continue;
            String label = String.format(Locale.ROOT, "%s (%d trials)", r.config().strategy().id(), r.searchTrials().size());
            c.addSeries(label, x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setXAxisDecimalPattern("#,###");
        return c;
    }

    /** Which strategy reached the better objective within the budget both spent, as a sentence with the numbers. */
    public static String comparison(SearchResult a, SearchResult b) {
        long common = Math.min(a.imagesTrained(), b.imagesTrained());
        double va = a.bestWithin(common);
        double vb = b.bestWithin(common);
        String fa = a.config().strategy().id();
        String fb = b.config().strategy().id();
        String verdict = Double.isNaN(va) && Double.isNaN(vb) ? "neither produced a result"
                : Double.isNaN(vb) || va > vb ? fa + " reached the better objective"
                : Double.isNaN(va) || vb > va ? fb + " reached the better objective" : "both reached the same objective";
        return String.format(Locale.ROOT, "Within %,d images trained (the smaller of the two totals: %s %,d, %s %,d): best validation accuracy "
                + "%s %.4f vs %s %.4f — %s. At the end of each search: %s %.4f, %s %.4f.", common, fa, a.imagesTrained(), fb,
                b.imagesTrained(), fa, va, fb, vb, verdict, fa, best(a), fb, best(b));
    }

    private static double best(SearchResult r) {
        return r.best() == null ? Double.NaN : r.best().objective();
    }

    private static BufferedImage tile(List<BufferedImage> panels, int columns) {
        int w = panels.get(0).getWidth();
        int h = panels.get(0).getHeight();
        int rows = (panels.size() + columns - 1) / columns;
        BufferedImage out = new BufferedImage(w * Math.min(columns, panels.size()), h * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int i = 0; i < panels.size(); i++) g.drawImage(panels.get(i), (i % columns) * w, (i / columns) * h, null);
        g.dispose();
        return out;
    }
}
