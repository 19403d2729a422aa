package fer.explain;

/**
 * Where a synthetic face's expressive parts lie, as fractions of the image (so any input size works),
 * and the share of a saliency map's mass that falls on each.
 *
 * <p>Derived from {@code fer.data.SyntheticFaces}: the face centre is drawn at (0.50, 0.54) of the
 * frame (jitter ±2 px at 48), scaled 1.05-1.35; eyes sit at about 0.49 of the height, brows 4-8 px
 * above (higher when raised, AU1/AU2), the mouth at about 0.77, opening downwards (AU26) to 0.93. The
 * eye region therefore spans rows 0.27-0.56 and columns 0.12-0.88; the mouth region rows 0.66-0.95
 * and columns 0.25-0.75. On FER-2013 crops the same bands hold only roughly.
 */
public enum FaceRegions {
    /** Eyes and brows (AU1, AU2, AU4, AU5, AU6, AU7: surprise, fear, anger, sadness). */
    EYES(0.27, 0.56, 0.12, 0.88),
    /** Mouth (AU12, AU15, AU20, AU23, AU26: happiness, sadness, fear, surprise). */
    MOUTH(0.66, 0.95, 0.25, 0.75);

    private final double top;
    private final double bottom;
    private final double left;
    private final double right;

    FaceRegions(double top, double bottom, double left, double right) {
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
    }

    /** True when pixel (y, x) of an h x w image lies in this region (pixel centres). */
    public boolean contains(int y, int x, int h, int w) {
        double fy = (y + 0.5) / h, fx = (x + 0.5) / w;
        return fy >= top && fy < bottom && fx >= left && fx < right;
    }

    /** The share of the map's total (non-negative) mass inside this region; NaN for an all-zero map. */
    public double massFraction(float[] map, int h, int w) {
        double in = 0, total = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = Math.max(0, map[y * w + x]);
                total += v;
                if (contains(y, x, h, w)) in += v;
            }
        }
        return total == 0 ? Double.NaN : in / total;
    }

    /** The region's share of the image's area: what a uniform map would give. */
    public double areaFraction(int h, int w) {
        int n = 0;
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) if (contains(y, x, h, w)) n++;
        return (double) n / (h * w);
    }
}
