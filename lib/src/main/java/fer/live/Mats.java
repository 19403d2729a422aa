package fer.live;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.bytedeco.opencv.opencv_core.Mat;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;

/** OpenCV Mat to Java2D image, for notebooks and figures. */
public final class Mats {
    private Mats() {}

    /** A copy of an 8-bit BGR or gray Mat (a region of interest too) as a BufferedImage. */
    public static BufferedImage toImage(Mat m) {
        if (m.depth() != CV_8U || (m.channels() != 1 && m.channels() != 3)) {
            throw new IllegalArgumentException("expected an 8-bit gray or BGR Mat, found type " + m.type());
        }
        boolean gray = m.channels() == 1;
        BufferedImage img = new BufferedImage(m.cols(), m.rows(), gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int row = m.cols() * m.channels();
        // TYPE_3BYTE_BGR stores B, G, R per pixel: OpenCV's order, so rows copy as they are
        for (int y = 0; y < m.rows(); y++) m.ptr(y).get(dst, y * row, row);
        return img;
    }
}
