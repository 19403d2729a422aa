package fer;

import fer.data.Emotion;
import fer.data.SyntheticConfig;
import fer.data.SyntheticFer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Images the Keras-oracle tests feed both sides: synthetic FER faces as 48×48 gray PNGs (FER-2013's own form),
 * in class folders as {@code flow_from_directory} reads them, and larger RGB JPEG "photos" (a face on a coloured,
 * textured background, of several sizes and aspect ratios), so that resizing and colour handling are checked too.
 */
public final class OracleImages {
    private OracleImages() {}

    /** {@code perClass} faces of every FER-2013 class as {@code dir/<class id>/<n>.png}; returns the files. */
    public static List<Path> classFolders(Path dir, int perClass) {
        List<Path> files = new ArrayList<>();
        for (Map.Entry<Emotion, List<byte[]>> e : SyntheticFer.samples(SyntheticConfig.quick(), perClass).entrySet()) {
            Path folder = dir.resolve(e.getKey().id());
            for (int k = 0; k < e.getValue().size(); k++) files.add(writeGray(folder.resolve(k + ".png"), e.getValue().get(k)));
        }
        return files;
    }

    /** {@code count} gray 48×48 faces as {@code dir/face-NN.png}, classes in turn. */
    public static List<Path> grayFaces(Path dir, int count) {
        List<Path> files = new ArrayList<>();
        var samples = SyntheticFer.samples(SyntheticConfig.quick().withSeed(77), (count + 6) / 7);
        for (int i = 0; i < count; i++) {
            byte[] px = samples.get(Emotion.FER2013.get(i % 7)).get(i / 7);
            files.add(writeGray(dir.resolve(String.format("face-%02d.png", i)), px));
        }
        return files;
    }

    /** {@code count} RGB JPEG photos, 64 to 300 pixels a side, as {@code dir/photo-NN.jpg}. */
    public static List<Path> colourPhotos(Path dir, int count) {
        Random rnd = new Random(11);
        var faces = SyntheticFer.samples(SyntheticConfig.quick().withSeed(78), (count + 6) / 7);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int w = 64 + rnd.nextInt(237), h = 64 + rnd.nextInt(237);
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int r = (int) (128 + 90 * Math.sin(x / (7.0 + i)) + rnd.nextInt(30));
                    int g = (int) (110 + 80 * Math.cos(y / (5.0 + i)) + rnd.nextInt(30));
                    int b = (x * 255 / w + y * 97 / h) & 255;
                    img.setRGB(x, y, (clamp(r) << 16) | (clamp(g) << 8) | clamp(b));
                }
            }
            BufferedImage face = gray(faces.get(Emotion.FER2013.get(i % 7)).get(i / 7));
            Graphics2D gr = img.createGraphics();
            gr.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            int side = Math.min(w, h) * 3 / 4;
            gr.drawImage(face, (w - side) / 2, (h - side) / 2, side, side, null);
            gr.setColor(new Color(200, 40, 40, 90)); // a translucent tint: the face is not gray any more
            gr.fillRect(0, 0, w / 2, h);
            gr.dispose();
            Path f = dir.resolve(String.format("photo-%02d.jpg", i));
            write(img, "jpg", f);
            files.add(f);
        }
        return files;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static BufferedImage gray(byte[] px) {
        BufferedImage img = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, 48, 48, px);
        return img;
    }

    private static Path writeGray(Path f, byte[] px) {
        write(gray(px), "png", f);
        return f;
    }

    private static void write(BufferedImage img, String format, Path f) {
        try {
            Files.createDirectories(f.getParent());
            if (!ImageIO.write(img, format, f.toFile())) throw new IOException("no ImageIO writer for " + format);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
    }
}
