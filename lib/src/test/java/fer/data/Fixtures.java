package fer.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;
import javax.imageio.ImageIO;

/** Small format-faithful FER-2013 fixtures the tests build. */
public final class Fixtures {
    private Fixtures() {}

    /** A pixels field: 2,304 values, pixel k = (seed + k) mod 256. */
    public static String pixels(int seed) {
        StringJoiner j = new StringJoiner(" ");
        for (int k = 0; k < 2304; k++) j.add(Integer.toString((seed + k) % 256));
        return j.toString();
    }

    /** A gray image of the given size whose pixel (x, y) is {@code (v + x + y) % 256}. */
    public static BufferedImage gray(int w, int h, int v) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.getRaster().setSample(x, y, 0, (v + x + y) % 256);
        return img;
    }

    /** An RGB image of uniform colour. */
    public static BufferedImage rgb(int w, int h, int r, int g, int b) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, (r << 16) | (g << 8) | b);
        return img;
    }

    public static void write(BufferedImage img, String format, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(img, format, file.toFile())) throw new IOException("no writer for " + format);
    }
}
