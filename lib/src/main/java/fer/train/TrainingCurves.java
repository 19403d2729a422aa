package fer.train;

import fer.viz.Figures;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Figures 9 and 12: accuracy and loss per epoch, training and validation, side by side. */
public final class TrainingCurves {
    private TrainingCurves() {}

    /** The accuracy chart (left panel). */
    public static XYChart accuracy(History h, String title) {
        return chart(h, title + ": accuracy", "accuracy", true);
    }

    /** The loss chart (right panel). */
    public static XYChart loss(History h, String title) {
        return chart(h, title + ": loss", "loss", false);
    }

    private static XYChart chart(History h, String title, String y, boolean acc) {
        XYChart c = new XYChartBuilder().width(520).height(380).title(title).xAxisTitle("epoch").yAxisTitle(y).build();
        List<EpochMetrics> e = h.epochs();
        double[] x = e.stream().mapToDouble(EpochMetrics::epoch).toArray();
        if (x.length == 0) throw new IllegalArgumentException("no epochs to plot");
        c.addSeries("train", x, e.stream().mapToDouble(m -> acc ? m.accuracy() : m.loss()).toArray()).setMarker(SeriesMarkers.CIRCLE);
        c.addSeries("validation", x, e.stream().mapToDouble(m -> acc ? m.valAccuracy() : m.valLoss()).toArray()).setMarker(SeriesMarkers.DIAMOND);
        c.getStyler().setXAxisDecimalPattern("0");
        return c;
    }

    /** Both panels as one image, like the report's figures. */
    public static BufferedImage image(History h, String title) {
        BufferedImage a = BitmapEncoder.getBufferedImage(accuracy(h, title));
        BufferedImage l = BitmapEncoder.getBufferedImage(loss(h, title));
        BufferedImage out = new BufferedImage(a.getWidth() + l.getWidth(), Math.max(a.getHeight(), l.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(a, 0, 0, null);
        g.drawImage(l, a.getWidth(), 0, null);
        g.dispose();
        return out;
    }

    /** Saves (figures/NAME.png with the dataset named) and displays the two panels; returns the image. */
    public static BufferedImage show(String name, String title, History h, String dataset) {
        return Figures.show(name, title, image(h, title), Figures.Provenance.of(dataset));
    }
}
