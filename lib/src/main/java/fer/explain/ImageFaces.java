package fer.explain;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An image file as a face for the model: converted to gray, resized as a whole to the model's input
 * (bilinear), rescaled to [0, 1] like the training batches, gray replicated over the model's channels.
 */
public final class ImageFaces {
    private ImageFaces() {}

    /** Reads {@code file}; an unreadable or non-image file is an error naming it. */
    public static SaliencyStudy.Faces read(Path file, InputShape shape) {
        BufferedImage src;
        try {
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": no such image file");
            src = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the image (" + e.getMessage() + ")", e);
        }
        if (src == null) throw new IllegalArgumentException(file + ": not an image this reader knows (expected PNG, JPEG, BMP or GIF)");
        BufferedImage gray = new BufferedImage(shape.width(), shape.height(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = gray.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, shape.width(), shape.height(), null);
        } finally {
            g.dispose();
        }
        byte[] px = ((java.awt.image.DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        float[] x = new float[shape.channels() * shape.plane()];
        for (int p = 0; p < shape.plane(); p++) x[p] = (px[p] & 0xFF) / 255f;
        for (int c = 1; c < shape.channels(); c++) System.arraycopy(x, 0, x, c * shape.plane(), shape.plane());
        INDArray images = Nd4j.create(x, new long[] {1, shape.channels(), shape.height(), shape.width()}).castTo(DataType.FLOAT);
        return new SaliencyStudy.Faces(images, new int[] {-1}, new String[] {file.toString()});
    }
}
