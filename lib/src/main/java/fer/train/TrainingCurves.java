package fer.train;

import fer.model.Architecture;
import fer.viz.Display;
import fer.viz.Figures;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Figures 9 and 12: accuracy and loss per epoch, training and validation, side by side under one header
 * that names the model and the variant it trained (width, batch norm, weights source, epochs).
 *
 * <p>The model's title goes in the header across both panels, not in each chart: XChart centres a chart
 * title on its own panel and clips what does not fit, which cut Figure 12's long title on the left.
 */
public final class TrainingCurves {
    private static final int PANEL_WIDTH = 520;
    private static final int PANEL_HEIGHT = 380;

    private TrainingCurves() {}

    /** The accuracy chart (left panel). */
    public static XYChart accuracy(History h) {
        return chart(h, "accuracy", true);
    }

    /** The loss chart (right panel). */
    public static XYChart loss(History h) {
        return chart(h, "loss", false);
    }

    private static XYChart chart(History h, String y, boolean acc) {
        XYChart c = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(y).xAxisTitle("epoch").yAxisTitle(y).build();
        List<EpochMetrics> e = h.epochs();
        double[] x = e.stream().mapToDouble(EpochMetrics::epoch).toArray();
        if (x.length == 0) throw new IllegalArgumentException("no epochs to plot");
        c.addSeries("train", x, e.stream().mapToDouble(m -> acc ? m.accuracy() : m.loss()).toArray()).setMarker(SeriesMarkers.CIRCLE);
        c.addSeries("validation", x, e.stream().mapToDouble(m -> acc ? m.valAccuracy() : m.valLoss()).toArray()).setMarker(SeriesMarkers.DIAMOND);
        c.getStyler().setXAxisDecimalPattern("0");
        return c;
    }

    /** The best validation accuracy of {@code h}, as the manifest's headline: "best val_accuracy 0.612 (epoch 5)". */
    public static String headline(History h) {
        EpochMetrics best = null;
        for (EpochMetrics m : h.epochs()) if (best == null || m.valAccuracy() > best.valAccuracy()) best = m;
        if (best == null) throw new IllegalArgumentException("no epochs to summarise");
        return String.format(Locale.ROOT, "best val_accuracy %.3f (epoch %d)", best.valAccuracy(), best.epoch());
    }

    /** Both panels under a header: {@code title} in bold, {@code subtitle} (may be empty) below it, wrapped at " · ". */
    public static BufferedImage image(History h, String title, String subtitle) {
        BufferedImage a = BitmapEncoder.getBufferedImage(accuracy(h));
        BufferedImage l = BitmapEncoder.getBufferedImage(loss(h));
        int width = a.getWidth() + l.getWidth();
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 18);
        Font subFont = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        List<String> lines = wrap(subtitle == null ? "" : subtitle, probe.getFontMetrics(subFont), width - 40);
        probe.dispose();
        int header = 36 + 18 * lines.size() + 6;
        BufferedImage out = new BufferedImage(width, header + Math.max(a.getHeight(), l.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, header);
        g.setColor(Color.BLACK);
        g.setFont(titleFont);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, Math.max(10, (width - fm.stringWidth(title)) / 2), 26);
        g.setFont(subFont);
        g.setColor(new Color(60, 60, 60));
        fm = g.getFontMetrics();
        int y = 26 + 20;
        for (String line : lines) {
            g.drawString(line, Math.max(10, (width - fm.stringWidth(line)) / 2), y);
            y += 18;
        }
        g.drawImage(a, 0, header, null);
        g.drawImage(l, a.getWidth(), header, null);
        g.dispose();
        return out;
    }

    /** Splits {@code text} at " · " into lines no wider than {@code max} pixels (a single long part stays whole). */
    static List<String> wrap(String text, FontMetrics fm, int max) {
        List<String> lines = new ArrayList<>();
        if (text.isBlank()) return lines;
        StringBuilder line = new StringBuilder();
        for (String part : text.split(" · ")) {
            String candidate = line.length() == 0 ? part : line + " · " + part;
            if (line.length() > 0 && fm.stringWidth(candidate) > max) {
                lines.add(line.toString());
                line = new StringBuilder(part);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        lines.add(line.toString());
        return lines;
    }

    /** The report's figure for a model's training curves: Figure 9 (default model), 12 (custom), an extra for the small CNN. */
    public static String figureName(Architecture a) {
        return switch (a) {
            case BASELINE -> "fig09-default-model-accuracy-loss";
            case CUSTOM -> "fig12-custom-model-accuracy-loss";
            case SMALL -> "small-cnn-accuracy-loss"; // not in the report: the quick profile's learning check
        };
    }

    /** Title of that figure. */
    public static String figureTitle(Architecture a) {
        return switch (a) {
            case BASELINE -> "Default model (VGG16)";
            case CUSTOM -> "Custom model (VGG16 + GAP + Dense 4096/1024)";
            case SMALL -> "Small CNN";
        };
    }

    /** Saves (NAME.png with the dataset named, the best val accuracy as headline) and displays; returns the image. */
    public static BufferedImage show(Figures figures, String name, String title, String subtitle, History h, String dataset) {
        // the manifest's title carries the variant too, so the figure index tells runs apart
        String indexTitle = subtitle == null || subtitle.isBlank() ? title : title + " · " + subtitle;
        return figures.show(name, indexTitle, image(h, title, subtitle), Figures.Provenance.of(dataset).withHeadline(headline(h)));
    }

    /** Figure 9 or 12 (by the run's architecture) for a finished training run, its variant in the header. */
    public static BufferedImage show(Figures figures, TrainingRun.Outcome run) {
        var arch = run.plan().model().architecture();
        return show(figures, figureName(arch), figureTitle(arch), run.variant(), run.history(), run.datasetName());
    }

    /**
     * A callback that draws these curves in the notebook after every epoch, in place (one display, updated), beside the
     * progress bar: what Keras users get from a live-plot callback. Draws nothing outside a notebook; the final figure
     * is still saved by {@link #show(Figures, TrainingRun.Outcome)}. A resumed run's chart starts at the resumed epoch.
     */
    public static Live live(String title) {
        return new Live(title);
    }

    /** The live chart: {@link #history()} holds the epochs it drew. */
    public static final class Live implements TrainingCallback {
        private final String title;
        private final History history = new History();
        private String displayId;
        private int planned;

        Live(String title) {
            this.title = title;
        }

        @Override
        public void onTrainBegin(int epochs, String note) {
            planned = epochs;
        }

        @Override
        public void onEpochDone(EpochMetrics m, String notes) {
            history.add(m);
            if (!Display.inKernel()) return;
            String sub = String.format(Locale.ROOT, "epoch %d of %d · %s", m.epoch(), planned, headline(history));
            BufferedImage img = image(history, title, sub);
            if (displayId == null) displayId = Display.show(img);
            else Display.update(displayId, img);
        }

        /** The epochs drawn so far. */
        public History history() {
            return history;
        }
    }
}
