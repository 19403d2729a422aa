package fer.explain;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/** Turns saliency maps into pictures: a per-map scale, a colour map, an overlay on the face, a colour bar. */
public final class Heatmaps {
    private Heatmaps() {}

    /**
     * The map divided by its 99th percentile and clipped to [0, 1]: a handful of extreme gradients would
     * otherwise leave the rest of the map black.
     */
    public static float[] normalise(float[] map) {
        float[] sorted = map.clone();
        Arrays.sort(sorted);
        float top = sorted[Math.min(sorted.length - 1, (int) Math.floor(0.99 * (sorted.length - 1)))];
        if (top <= 0) top = sorted[sorted.length - 1];
        float[] out = new float[map.length];
        if (top <= 0) return out;
        for (int i = 0; i < map.length; i++) out[i] = Math.max(0f, Math.min(1f, map[i] / top));
        return out;
    }

    /** The "jet" colour map: blue (0) through green to red (1). */
    public static Color colour(double t) {
        t = Math.max(0, Math.min(1, t));
        return new Color(clamp(1.5 - Math.abs(4 * t - 3)), clamp(1.5 - Math.abs(4 * t - 2)), clamp(1.5 - Math.abs(4 * t - 1)));
    }

    private static float clamp(double v) {
        return (float) Math.max(0, Math.min(1, v));
    }

    /**
     * The face (gray values in [0, 1]) with the normalised map blended on top, {@code zoom} screen pixels
     * per image pixel; low saliency stays see-through so the face remains readable.
     */
    public static BufferedImage overlay(float[] face, float[] normalisedMap, int h, int w, int zoom) {
        BufferedImage img = new BufferedImage(w * zoom, h * zoom, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double g = 255 * Math.max(0, Math.min(1, face[y * w + x]));
                double t = normalisedMap == null ? 0 : normalisedMap[y * w + x];
                double a = normalisedMap == null ? 0 : 0.2 + 0.6 * t;
                Color c = colour(t);
                int r = (int) Math.round((1 - a) * g + a * c.getRed());
                int gg = (int) Math.round((1 - a) * g + a * c.getGreen());
                int b = (int) Math.round((1 - a) * g + a * c.getBlue());
                int rgb = (r << 16) | (gg << 8) | b;
                for (int dy = 0; dy < zoom; dy++) for (int dx = 0; dx < zoom; dx++) img.setRGB(x * zoom + dx, y * zoom + dy, rgb);
            }
        }
        return img;
    }

    /** A vertical colour bar, 1 at the top. */
    public static BufferedImage colourBar(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            int rgb = colour(1 - (double) y / Math.max(1, height - 1)).getRGB();
            for (int x = 0; x < width; x++) img.setRGB(x, y, rgb);
        }
        return img;
    }
}
