package fer.augment;

import fer.data.LabeledImages;
import fer.viz.ImageGrid;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The report's augmentation figures drawn from the actual configuration: Figure 5 (the pipeline as
 * boxes and arrows, each step with its parameter values) and Figure 6 (per class, one original and
 * augmented versions).
 */
public final class AugmentFigures {
    private static final Color GEOMETRIC = new Color(0xDCEBFA);
    private static final Color PIXEL = new Color(0xFCE9D2);
    private static final Color IO = new Color(0xE6F2E1);
    private static final Color EDGE = new Color(0x3C4650);

    private AugmentFigures() {}

    /**
     * Figure 5: training path (shuffle/balancing, the fused warp with every geometric step, pixel
     * extras, rescale, batching) beside the validation/test path (rescale only).
     */
    public static BufferedImage pipelineDiagram(AugmentConfig config, String datasetName, int batchSize, int channels,
            int side, Balancing balancing) {
        AugmentPipeline train = AugmentPipeline.training(config);
        AugmentPipeline eval = AugmentPipeline.evaluation(config);
        int w = 820, boxW = 360, boxH = 34, gap = 16, left = 30, right = 440;
        List<Box> trainBoxes = new ArrayList<>();
        trainBoxes.add(new Box("Training images (" + datasetName + ")", "8-bit grayscale faces, one label each", IO));
        trainBoxes.add(new Box("Epoch order: shuffle" + (balancing == Balancing.OVERSAMPLE ? " + oversample" : ""),
                "seeded per (seed, epoch)", IO));
        int warpFirst = trainBoxes.size();
        for (GeometricTransform t : train.geometric()) trainBoxes.add(new Box(t.label(), null, GEOMETRIC));
        trainBoxes.add(new Box("Fill mode '" + config.fillMode().kerasName() + "'",
                "borderMode " + (config.fillMode() == FillMode.NEAREST ? "BORDER_REPLICATE" : config.fillMode().name()), GEOMETRIC));
        trainBoxes.add(new Box("Resize to " + side + "x" + side, "bilinear, same warp", GEOMETRIC));
        int warpLast = trainBoxes.size() - 1;
        for (PixelTransform t : train.pixel()) trainBoxes.add(new Box(t.label(), null, PIXEL));
        trainBoxes.add(new Box("Rescale " + rescaleText(config.rescale()),
                "float32 in [0, 1]", PIXEL));
        trainBoxes.add(new Box("Batch " + batchSize + "x" + channels + "x" + side + "x" + side + " (NCHW)",
                "one-hot labels; prefetched on worker threads"
                        + (balancing == Balancing.CLASS_WEIGHTS ? "; class-weighted loss" : ""), IO));
        trainBoxes.add(new Box("Model: fit", null, IO));

        List<Box> evalBoxes = new ArrayList<>();
        evalBoxes.add(new Box("Validation / test images", "fixed order, never augmented", IO));
        for (GeometricTransform t : eval.geometric()) evalBoxes.add(new Box(t.label(), null, GEOMETRIC));
        evalBoxes.add(new Box("Rescale " + rescaleText(config.rescale()), "float32 in [0, 1]", PIXEL));
        evalBoxes.add(new Box("Batch " + batchSize + "x" + channels + "x" + side + "x" + side, "one-hot labels", IO));
        evalBoxes.add(new Box("Model: evaluate", null, IO));

        int top = 60;
        int h = top + trainBoxes.size() * (boxH + gap) + 20;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setColor(EDGE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString("Data augmentation process (Table 1, on the fly per batch)", left, 26);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString("Training", left, 50);
            g.drawString("Validation and test", right, 50);
            // the fused warp: one dashed frame around every step that becomes part of the single warpAffine
            int fy0 = top + warpFirst * (boxH + gap) - 7;
            int fy1 = top + warpLast * (boxH + gap) + boxH + 7;
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            g.drawRect(left - 10, fy0, boxW + 20, fy1 - fy0);
            g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 11));
            drawVertical(g, "one warpAffine per image", left + boxW + 24, (fy0 + fy1) / 2);
            g.setStroke(new BasicStroke(1.2f));
            drawColumn(g, trainBoxes, left, top, boxW, boxH, gap);
            drawColumn(g, evalBoxes, right + 20, top, boxW - 20, boxH, gap);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static String rescaleText(double rescale) {
        double inverse = 1 / rescale;
        return Math.abs(inverse - Math.rint(inverse)) < 1e-9 ? "x 1/" + (long) Math.rint(inverse) : "x " + AugmentConfig.fmt(rescale);
    }

    private record Box(String title, String detail, Color fill) {}

    private static void drawColumn(Graphics2D g, List<Box> boxes, int x, int y0, int bw, int bh, int gap) {
        for (int i = 0; i < boxes.size(); i++) {
            Box b = boxes.get(i);
            int y = y0 + i * (bh + gap);
            g.setColor(b.fill());
            g.fillRoundRect(x, y, bw, bh, 10, 10);
            g.setColor(EDGE);
            g.drawRoundRect(x, y, bw, bh, 10, 10);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            g.drawString(b.title(), x + 10, b.detail() == null ? y + bh / 2 + 5 : y + 15);
            if (b.detail() != null) {
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                g.drawString(b.detail(), x + 10, y + 29);
            }
            if (i + 1 < boxes.size()) arrow(g, x + bw / 2, y + bh, y + bh + gap);
        }
    }

    private static void arrow(Graphics2D g, int x, int y0, int y1) {
        g.drawLine(x, y0, x, y1 - 5);
        g.fillPolygon(new Polygon(new int[] {x - 4, x + 4, x}, new int[] {y1 - 6, y1 - 6, y1}, 3));
    }

    private static void drawVertical(Graphics2D g, String text, int x, int cy) {
        FontMetrics fm = g.getFontMetrics();
        Graphics2D r = (Graphics2D) g.create();
        r.translate(x, cy + fm.stringWidth(text) / 2);
        r.rotate(-Math.PI / 2);
        r.drawString(text, 0, 0);
        r.dispose();
    }

    /**
     * Figure 6: for each class, a randomly chosen image (seeded) and {@code augmented} versions drawn
     * by the training pipeline, scaled up {@code zoom} times.
     */
    public static BufferedImage examples(LabeledImages images, AugmentConfig config, int augmented, long seed, int zoom) {
        AugmentPipeline pipeline = AugmentPipeline.training(config);
        int side = images.side();
        int[][] byClass = EpochPlan.byClass(labels(images), images.classes().size());
        SplittableRandom pick = new SplittableRandom(seed);
        List<String> colNames = new ArrayList<>();
        colNames.add("Original");
        for (int k = 1; k <= augmented; k++) colNames.add("Augmented " + k);
        ImageGrid grid = new ImageGrid(side).zoom(zoom).columnCaptions(colNames);
        for (int c = 0; c < byClass.length; c++) {
            if (byClass[c].length == 0) continue;
            int i = byClass[c][pick.nextInt(byClass[c].length)];
            List<byte[]> row = new ArrayList<>();
            row.add(images.pixels(i));
            for (int k = 1; k <= augmented; k++) row.add(pipeline.apply(row.get(0), side, side, Seeds.random(seed, k, i)));
            grid.row(images.classes().get(c).title(), row);
        }
        return grid.render();
    }

    private static int[] labels(LabeledImages images) {
        int[] l = new int[images.size()];
        for (int i = 0; i < l.length; i++) l[i] = images.label(i);
        return l;
    }
}
