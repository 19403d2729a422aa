package fer.augment;

import java.util.SplittableRandom;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/** A random change of pixel values, applied in place to an 8-bit single-channel {@link Mat} after the warp. */
public interface PixelTransform {
    /** Draws this step's parameters from {@code rng} and changes {@code image} (CV_8UC1) in place. */
    void apply(Mat image, SplittableRandom rng);

    /** A short label with the parameter values (used by the pipeline diagram). */
    String label();

    /**
     * Brightness factor uniform in [1−b, 1+b] and contrast factor uniform in [1−c, 1+c] about the image
     * mean, done as one saturating {@code convertTo}.
     */
    record RandomBrightnessContrast(double brightness, double contrast) implements PixelTransform {
        @Override
        public void apply(Mat image, SplittableRandom rng) {
            double fb = 1 + GeometricTransform.symmetric(rng, brightness);
            double fc = 1 + GeometricTransform.symmetric(rng, contrast);
            double mean = contrast == 0 ? 0 : opencv_core.mean(image).get(0);
            // fb·((x − m)·fc + m) = fb·fc·x + fb·m·(1 − fc)
            image.convertTo(image, -1, fb * fc, fb * mean * (1 - fc));
        }

        @Override
        public String label() {
            return "Brightness ±" + AugmentConfig.fmt(brightness * 100) + "%, contrast ±"
                    + AugmentConfig.fmt(contrast * 100) + "%";
        }
    }

    /**
     * Random erasing (Zhong et al., AAAI 2020): with {@code probability}, a rectangle covering 2–25% of
     * the image with aspect ratio 0.3–3.3 is replaced by uniform noise drawn from {@code rng}.
     */
    record RandomErasing(double probability) implements PixelTransform {
        static final double MIN_AREA = 0.02;
        static final double MAX_AREA = 0.25;
        static final double MIN_ASPECT = 0.3;

        @Override
        public void apply(Mat image, SplittableRandom rng) {
            if (rng.nextDouble() >= probability) return;
            int rows = image.rows();
            int cols = image.cols();
            for (int attempt = 0; attempt < 10; attempt++) {
                double area = rows * cols * (MIN_AREA + rng.nextDouble() * (MAX_AREA - MIN_AREA));
                double aspect = Math.exp(Math.log(MIN_ASPECT) + rng.nextDouble() * 2 * Math.log(1 / MIN_ASPECT));
                int h = (int) Math.round(Math.sqrt(area * aspect));
                int w = (int) Math.round(Math.sqrt(area / aspect));
                if (h < 1 || w < 1 || h >= rows || w >= cols) continue;
                int y0 = rng.nextInt(rows - h + 1);
                int x0 = rng.nextInt(cols - w + 1);
                BytePointer data = image.data();
                long step = image.step();
                byte[] noise = new byte[w];
                for (int y = y0; y < y0 + h; y++) {
                    for (int x = 0; x < w; x++) noise[x] = (byte) rng.nextInt(256);
                    data.position(y * step + x0).put(noise, 0, w);
                }
                return;
            }
        }

        @Override
        public String label() {
            return "Random erasing p=" + AugmentConfig.fmt(probability);
        }
    }
}
