package fer.augment;

import fer.augment.GeometricTransform.Crop;
import fer.augment.GeometricTransform.RandomHorizontalFlip;
import fer.augment.GeometricTransform.RandomRotation;
import fer.augment.GeometricTransform.RandomShift;
import fer.augment.GeometricTransform.RandomZoom;
import fer.augment.PixelTransform.RandomBrightnessContrast;
import fer.augment.PixelTransform.RandomErasing;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A composable augmentation: geometric steps fused into one {@code warpAffine} per image (which also
 * resizes to the model's input), then pixel steps, then the rescale applied when the batch is filled.
 *
 * <p>Geometric steps are listed in the order they act on the image; Keras' {@code ImageDataGenerator}
 * order is rotation, shift, zoom, then flip. Bilinear interpolation, like Keras' default (order 1).
 */
public final class AugmentPipeline {
    /** Border value for CONSTANT fill; read-only, shared by all threads. */
    private static final Scalar BLACK = Scalar.all(0);

    private final List<GeometricTransform> geometric;
    private final List<PixelTransform> pixel;
    private final FillMode fillMode;
    private final double rescale;

    public AugmentPipeline(List<GeometricTransform> geometric, List<PixelTransform> pixel, FillMode fillMode, double rescale) {
        this.geometric = List.copyOf(geometric);
        this.pixel = List.copyOf(pixel);
        this.fillMode = Objects.requireNonNull(fillMode);
        this.rescale = rescale;
    }

    /** The random training-time augmentation of {@code config}; steps whose range is 0 are left out. */
    public static AugmentPipeline training(AugmentConfig config) {
        List<GeometricTransform> g = new ArrayList<>();
        if (config.rotationRange() > 0) g.add(new RandomRotation(config.rotationRange()));
        if (config.widthShift() > 0 || config.heightShift() > 0) {
            g.add(new RandomShift(config.widthShift(), config.heightShift()));
        }
        if (config.zoomRange() > 0) g.add(new RandomZoom(config.zoomRange()));
        if (config.horizontalFlip()) g.add(new RandomHorizontalFlip(0.5));
        if (config.cropFraction() < 1) g.add(new Crop(config.cropFraction(), true));
        List<PixelTransform> p = new ArrayList<>();
        if (config.brightnessRange() > 0 || config.contrastRange() > 0) {
            p.add(new RandomBrightnessContrast(config.brightnessRange(), config.contrastRange()));
        }
        if (config.erasingProbability() > 0) p.add(new RandomErasing(config.erasingProbability()));
        return new AugmentPipeline(g, p, config.fillMode(), config.rescale());
    }

    /** What validation and test images get: the rescale only, plus the centre crop if training crops. */
    public static AugmentPipeline evaluation(AugmentConfig config) {
        List<GeometricTransform> g = config.cropFraction() < 1 ? List.of(new Crop(config.cropFraction(), false)) : List.of();
        return new AugmentPipeline(g, List.of(), config.fillMode(), config.rescale());
    }

    public List<GeometricTransform> geometric() {
        return geometric;
    }

    public List<PixelTransform> pixel() {
        return pixel;
    }

    public FillMode fillMode() {
        return fillMode;
    }

    /** Factor applied to 0–255 values when a batch is filled (1/255 → [0, 1]). */
    public double rescale() {
        return rescale;
    }

    /** True when the pipeline changes nothing but the value scale. */
    public boolean isIdentity() {
        return geometric.isEmpty() && pixel.isEmpty();
    }

    /** Draws every geometric step and fuses them: the output → input map in centred input pixels. */
    public Affine sampleInverse(SplittableRandom rng, int side) {
        Affine m = Affine.IDENTITY;
        for (GeometricTransform t : geometric) m = m.times(t.sampleInverse(rng, side));
        return m;
    }

    /**
     * Augments {@code src} (CV_8UC1, square) into {@code dst} of size {@code out} (square), drawing from
     * {@code rng}. {@code matrix} is a reusable 2×3 CV_64F scratch Mat.
     */
    public void apply(Mat src, Mat dst, Size out, SplittableRandom rng, Mat matrix) {
        if (geometric.isEmpty() && out.width() == src.cols()) {
            src.copyTo(dst);
        } else {
            warp(src, dst, out, sampleInverse(rng, src.cols()), fillMode, matrix);
        }
        for (PixelTransform t : pixel) t.apply(dst, rng);
    }

    /**
     * Warps a square {@code src} into {@code dst} of size {@code out} (square) with {@code inverse}
     * (output → input, centred coordinates in input pixels), resizing on the way; one resampling in all.
     * Allocates no native memory when {@code matrix} is already 2×3 CV_64F.
     */
    public static void warp(Mat src, Mat dst, Size out, Affine inverse, FillMode fill, Mat matrix) {
        int side = src.cols();
        int outSide = out.width();
        double s = (double) side / outSide;
        double cIn = (side - 1) / 2.0;
        double cOut = (outSide - 1) / 2.0;
        // input pixel = inverse((out − cOut)·s) + cIn: centre-to-centre resize, then the drawn map
        Affine full = Affine.translation(cIn, cIn).times(inverse).times(Affine.scale(s, s))
                .times(Affine.translation(-cOut, -cOut));
        if (matrix.rows() != 2 || matrix.cols() != 3 || matrix.type() != opencv_core.CV_64F) {
            matrix.create(2, 3, opencv_core.CV_64F);
        }
        DoublePointer m = new DoublePointer(matrix.data());
        m.put(full.a(), full.b(), full.c(), full.d(), full.e(), full.f());
        opencv_imgproc.warpAffine(src, dst, matrix, out,
                opencv_imgproc.INTER_LINEAR | opencv_imgproc.WARP_INVERSE_MAP, fill.openCvBorder(), BLACK);
    }

    /** Convenience for notebooks and tests: augments one image, allocating fresh buffers. */
    public byte[] apply(byte[] pixels, int side, int outSide, SplittableRandom rng) {
        try (MatBuffers b = new MatBuffers()) {
            return b.augment(this, pixels, side, outSide, rng).clone();
        }
    }

    /** Labels of every step in order, for the pipeline diagram. */
    public List<String> labels() {
        List<String> out = new ArrayList<>();
        for (GeometricTransform t : geometric) out.add(t.label());
        out.add("Fill '" + fillMode.kerasName() + "'");
        for (PixelTransform t : pixel) out.add(t.label());
        out.add("Rescale ×" + AugmentConfig.fmt(rescale));
        return out;
    }
}
