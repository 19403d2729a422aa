package fer.augment;

import java.util.SplittableRandom;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The Mats one thread reuses for every image it augments, so a training epoch allocates no native
 * memory per image. Not thread-safe: one instance per worker thread.
 */
public final class MatBuffers implements AutoCloseable {
    private final Mat src = new Mat();
    private final Mat dst = new Mat();
    private final Mat matrix = new Mat(2, 3, opencv_core.CV_64F);
    private Size size = new Size(0, 0);
    private byte[] out = new byte[0];

    /**
     * Augments {@code pixels} ({@code side}² bytes) to {@code outSide}² bytes. The returned array is
     * this buffer's and is overwritten by the next call.
     */
    public byte[] augment(AugmentPipeline pipeline, byte[] pixels, int side, int outSide, SplittableRandom rng) {
        if (pixels.length != side * side) {
            throw new IllegalArgumentException("pixels: expected " + side * side + " bytes (" + side + "x" + side
                    + "), found " + pixels.length);
        }
        src.create(side, side, opencv_core.CV_8UC1);
        src.data().put(pixels, 0, pixels.length);
        dst.create(outSide, outSide, opencv_core.CV_8UC1);
        if (size.width() != outSide) {
            size.close();
            size = new Size(outSide, outSide);
        }
        pipeline.apply(src, dst, size, rng, matrix);
        int n = outSide * outSide;
        if (out.length != n) out = new byte[n];
        dst.data().get(out, 0, n);
        return out;
    }

    @Override
    public void close() {
        src.close();
        dst.close();
        matrix.close();
        size.close();
    }
}
