package fer.live;

import fer.Study;
import fer.data.Datasets;
import fer.data.InMemoryImages;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * The stills notebook 07 runs on: face-api's real group photos ({@link FaceApiPhotos}) when its npm
 * package is cached, else "photos" made of the dataset's own test faces (4×2 faces of 160 pixels on a
 * gray background), so the notebook still runs without npm, and says so.
 */
public final class DemoPhotos {
    /** Where the photos are and what they are. */
    public record Folder(Path dir, boolean realFaces, String description) {}

    private DemoPhotos() {}

    /** The photos for {@code study}: face-api's when cached in its workspace, else collages of its test faces. */
    public static Folder folder(Study study) {
        var real = FaceApiPhotos.folder(study.workspace());
        if (real.isPresent()) {
            return new Folder(real.get(), true, "face-api's demo photos (@vladmandic/face-api demo/sample1-6.jpg, MIT): real group photos");
        }
        Path dir = study.workspace().runs().resolve("live").resolve("synthetic-photos");
        InMemoryImages test = Datasets.loadSplit(study.data(), study.progress()).test();
        writeCollages(test, dir, 3);
        return new Folder(dir, false, "no face-api package (no npm): collages of " + test.datasetName()
                + " test faces stand in for photos; the Haar cascade finds only some of these drawn faces");
    }

    /** Writes {@code count} collages of 8 faces each (faces 0-7, 8-15, ... of {@code images}). */
    static void writeCollages(InMemoryImages images, Path dir, int count) {
        int side = images.side(), cell = 160, pad = 40;
        try {
            Files.createDirectories(dir);
            for (int c = 0; c < count; c++) {
                BufferedImage out = new BufferedImage(4 * (cell + pad) + pad, 2 * (cell + pad) + pad, BufferedImage.TYPE_3BYTE_BGR);
                Graphics2D g = out.createGraphics();
                g.setColor(new java.awt.Color(128, 128, 128));
                g.fillRect(0, 0, out.getWidth(), out.getHeight());
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                for (int i = 0; i < 8 && c * 8 + i < images.size(); i++) {
                    BufferedImage face = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
                    face.getRaster().setDataElements(0, 0, side, side, images.pixels(c * 8 + i));
                    g.drawImage(face, pad + (i % 4) * (cell + pad), pad + (i / 4) * (cell + pad), cell, cell, null);
                }
                g.dispose();
                ImageIO.write(out, "png", dir.resolve(String.format("collage%d.png", c + 1)).toFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write stand-in photos into " + dir, e);
        }
    }
}
