package fer.data;

/**
 * JPEG's lossy step on a gray image, without a codec: 8×8 block DCT, quantisation with the standard
 * luminance table scaled to a quality (IJG convention), inverse DCT. Gives the blocking and ringing that
 * web-scraped FER-2013 images carry, deterministically and in microseconds.
 */
final class JpegArtefacts {
    private static final int[] LUMA = {
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
    private static final double[][] COS = new double[8][8];

    static {
        for (int x = 0; x < 8; x++) {
            for (int u = 0; u < 8; u++) {
                double cu = u == 0 ? Math.sqrt(0.125) : 0.5;
                COS[u][x] = cu * Math.cos((2 * x + 1) * u * Math.PI / 16);
            }
        }
    }

    private JpegArtefacts() {}

    /** Applies quality {@code q} (1–100) in place to a {@code w×h} image; edge blocks are clamped. */
    static void apply(int[] img, int w, int h, int q) {
        int scale = q < 50 ? 5000 / Math.max(1, q) : 200 - 2 * q;
        double[] qt = new double[64];
        for (int i = 0; i < 64; i++) qt[i] = Math.max(1, Math.min(255, (LUMA[i] * scale + 50) / 100));
        double[] blk = new double[64], tmp = new double[64];
        for (int by = 0; by < h; by += 8) {
            for (int bx = 0; bx < w; bx += 8) {
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        blk[y * 8 + x] = img[Math.min(h - 1, by + y) * w + Math.min(w - 1, bx + x)] - 128;
                    }
                }
                transform(blk, tmp, true);
                for (int i = 0; i < 64; i++) blk[i] = Math.round(blk[i] / qt[i]) * qt[i];
                transform(blk, tmp, false);
                for (int y = 0; y < 8 && by + y < h; y++) {
                    for (int x = 0; x < 8 && bx + x < w; x++) {
                        img[(by + y) * w + bx + x] = (int) Math.max(0, Math.min(255, Math.round(blk[y * 8 + x] + 128)));
                    }
                }
            }
        }
    }

    /** Separable 2-D DCT-II (forward) or DCT-III (inverse), orthonormal. */
    private static void transform(double[] b, double[] t, boolean forward) {
        for (int y = 0; y < 8; y++) {
            for (int u = 0; u < 8; u++) {
                double s = 0;
                for (int x = 0; x < 8; x++) s += forward ? COS[u][x] * b[y * 8 + x] : COS[x][u] * b[y * 8 + x];
                t[y * 8 + u] = s;
            }
        }
        for (int x = 0; x < 8; x++) {
            for (int v = 0; v < 8; v++) {
                double s = 0;
                for (int y = 0; y < 8; y++) s += forward ? COS[v][y] * t[y * 8 + x] : COS[y][v] * t[y * 8 + x];
                b[v * 8 + x] = s;
            }
        }
    }
}
