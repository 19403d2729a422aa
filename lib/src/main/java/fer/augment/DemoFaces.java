package fer.augment;

import fer.data.Emotion;
import fer.data.InMemoryImages;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.SplittableRandom;

/**
 * Placeholder input for the augmentation notebook until {@code fer.data}'s loaders are merged: cartoon
 * faces (one mouth/brow shape per class, hair parted on one side so flips show) in FER-2013's class
 * proportions. Not a dataset: figures made from it say "demo faces".
 */
public final class DemoFaces {
    /** FER-2013 training-set images per class (Angry … Neutral). */
    private static final int[] FER2013_TRAIN = {3995, 436, 4097, 7215, 4830, 3171, 4965};

    private DemoFaces() {}

    /** About {@code total} 48×48 faces with FER-2013's class proportions (every class at least 2). */
    public static InMemoryImages create(int total, long seed) {
        int all = 0;
        for (int c : FER2013_TRAIN) all += c;
        int[] counts = new int[7];
        int n = 0;
        for (int c = 0; c < 7; c++) n += counts[c] = Math.max(2, Math.round((float) total * FER2013_TRAIN[c] / all));
        int side = 48;
        byte[] px = new byte[n * side * side];
        int[] labels = new int[n];
        String[] src = new String[n];
        SplittableRandom rng = new SplittableRandom(seed);
        int i = 0;
        for (int c = 0; c < 7; c++) {
            for (int k = 0; k < counts[c]; k++, i++) {
                labels[i] = c;
                src[i] = "demo:" + Emotion.FER2013.get(c).id() + ":" + k;
                System.arraycopy(face(c, side, rng), 0, px, i * side * side, side * side);
            }
        }
        return new InMemoryImages("demo faces (placeholder)", side, Emotion.FER2013, px, labels, src);
    }

    private static byte[] face(int label, int side, SplittableRandom rng) {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(70 + rng.nextInt(40), 70 + rng.nextInt(40), 70 + rng.nextInt(40)));
            g.fillRect(0, 0, side, side);
            double cx = 24 + rng.nextDouble() * 4 - 2, cy = 26 + rng.nextDouble() * 4 - 2, r = 17 + rng.nextDouble() * 3;
            int skin = 170 + rng.nextInt(50);
            g.setColor(new Color(skin, skin, skin));
            g.fill(new Ellipse2D.Double(cx - r, cy - r * 1.15, 2 * r, 2.3 * r));
            g.setColor(new Color(30, 30, 30));
            g.fill(new Arc2D.Double(cx - r, cy - r * 1.2, 2 * r, r * 1.1, 90, 130, Arc2D.PIE)); // hair, parted right
            g.fill(new Ellipse2D.Double(cx - 8, cy - 4, 4, 4));
            g.fill(new Ellipse2D.Double(cx + 4, cy - 4, 4, 4));
            g.setStroke(new BasicStroke(2f));
            double brow = switch (label) { case 0 -> 3; case 2, 5 -> -3; default -> 0; }; // angry in, fear/surprise up
            g.draw(new java.awt.geom.Line2D.Double(cx - 10, cy - 8 - brow, cx - 3, cy - 8 + brow));
            g.draw(new java.awt.geom.Line2D.Double(cx + 3, cy - 8 + brow, cx + 10, cy - 8 - brow));
            double my = cy + 9;
            switch (label) {
                case 3 -> g.draw(new Arc2D.Double(cx - 8, my - 6, 16, 10, 180, 180, Arc2D.OPEN)); // happy: smile
                case 4, 0 -> g.draw(new Arc2D.Double(cx - 7, my, 14, 8, 0, 180, Arc2D.OPEN)); // sad/angry: frown
                case 5 -> g.fill(new Ellipse2D.Double(cx - 4, my - 3, 8, 9)); // surprise: open mouth
                case 2 -> g.draw(new Arc2D.Double(cx - 7, my - 2, 14, 6, 0, 180, Arc2D.OPEN));
                case 1 -> g.draw(new java.awt.geom.QuadCurve2D.Double(cx - 7, my + 2, cx, my - 5, cx + 7, my + 3)); // disgust: sneer
                default -> g.draw(new java.awt.geom.Line2D.Double(cx - 6, my + 1, cx + 6, my + 1)); // neutral
            }
        } finally {
            g.dispose();
        }
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData().clone();
        for (int p = 0; p < px.length; p++) px[p] = (byte) Math.max(0, Math.min(255, (px[p] & 0xFF) + rng.nextInt(17) - 8));
        return px;
    }
}
