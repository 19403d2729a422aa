package fer.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/** Grayscale conversion and resizing of 8-bit images held as byte arrays (row-major). */
public final class Gray {
    private Gray() {}

    /**
     * The image as 8-bit luminance. Single-band images are read from the raster directly: going through
     * {@code getRGB} would apply a colour-space conversion and change gray values. Colour uses the ITU-R
     * BT.601 weights (as OpenCV and PIL do); alpha is ignored; 16-bit samples are scaled to 8 bits.
     */
    public static byte[] luminance(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        byte[] out = new byte[w * h];
        Raster r = img.getRaster();
        int bands = r.getNumBands();
        boolean indexed = img.getColorModel() instanceof java.awt.image.IndexColorModel;
        if (!indexed && (bands == 1 || bands == 2)) {
            int bits = img.getColorModel().getComponentSize(0);
            int shift = Math.max(0, bits - 8);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int v = bits < 8 ? row[x] * 255 / ((1 << bits) - 1) : row[x] >> shift;
                    out[y * w + x] = (byte) v;
                }
            }
            return out;
        }
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            int v = (299 * ((p >> 16) & 255) + 587 * ((p >> 8) & 255) + 114 * (p & 255) + 500) / 1000;
            out[i] = (byte) v;
        }
        return out;
    }

    /**
     * Resizes a {@code w×h} gray image to {@code side×side}: area averaging when shrinking (no aliasing),
     * bilinear when enlarging. Returns the input itself when it already has that size.
     */
    public static byte[] resize(byte[] src, int w, int h, int side) {
        if (w == side && h == side) return src;
        byte[] out = new byte[side * side];
        double sx = (double) w / side, sy = (double) h / side;
        if (sx >= 1 && sy >= 1) {
            for (int oy = 0; oy < side; oy++) {
                double y0 = oy * sy, y1 = y0 + sy;
                for (int ox = 0; ox < side; ox++) {
                    double x0 = ox * sx, x1 = x0 + sx, sum = 0, area = 0;
                    for (int y = (int) y0; y < Math.min(h, Math.ceil(y1)); y++) {
                        double wy = Math.min(y + 1, y1) - Math.max(y, y0);
                        for (int x = (int) x0; x < Math.min(w, Math.ceil(x1)); x++) {
                            double wgt = wy * (Math.min(x + 1, x1) - Math.max(x, x0));
                            sum += wgt * (src[y * w + x] & 255);
                            area += wgt;
                        }
                    }
                    out[oy * side + ox] = (byte) Math.round(sum / area);
                }
            }
            return out;
        }
        for (int oy = 0; oy < side; oy++) {
            double fy = Math.max(0, Math.min(h - 1, (oy + 0.5) * sy - 0.5));
            int y0 = (int) fy, y1 = Math.min(h - 1, y0 + 1);
            double dy = fy - y0;
            for (int ox = 0; ox < side; ox++) {
                double fx = Math.max(0, Math.min(w - 1, (ox + 0.5) * sx - 0.5));
                int x0 = (int) fx, x1 = Math.min(w - 1, x0 + 1);
                double dx = fx - x0;
                double v = (1 - dy) * ((1 - dx) * (src[y0 * w + x0] & 255) + dx * (src[y0 * w + x1] & 255))
                        + dy * ((1 - dx) * (src[y1 * w + x0] & 255) + dx * (src[y1 * w + x1] & 255));
                out[oy * side + ox] = (byte) Math.round(v);
            }
        }
        return out;
    }

    /** A byte-gray image as a {@link BufferedImage} (for display and PNG writing). */
    public static BufferedImage toImage(byte[] px, int side) {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, side, side, px);
        return img;
    }
}
