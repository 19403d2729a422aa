package fer.augment;

import java.util.SplittableRandom;

/**
 * A random geometric augmentation. Instead of warping, it draws its parameters and returns the
 * <em>inverse</em> map (output → input, centred coordinates in input pixels) so that a pipeline can
 * fuse all geometric steps into one {@code warpAffine}.
 */
public interface GeometricTransform {
    /**
     * Draws this step's parameters from {@code rng} and returns the map from output to input
     * coordinates, both centred on the image centre, for an input of {@code side} pixels.
     */
    Affine sampleInverse(SplittableRandom rng, int side);

    /** A short label with the parameter values, e.g. "Rotation ±15°" (used by the pipeline diagram). */
    String label();

    /** Uniform in [−range, range]. */
    static double symmetric(SplittableRandom rng, double range) {
        return (rng.nextDouble() * 2 - 1) * range;
    }

    /** Keras {@code rotation_range}: angle uniform in ±{@code degrees}. */
    record RandomRotation(double degrees) implements GeometricTransform {
        @Override
        public Affine sampleInverse(SplittableRandom rng, int side) {
            return Affine.rotation(symmetric(rng, degrees)).inverse();
        }

        @Override
        public String label() {
            return "Rotation ±" + AugmentConfig.fmt(degrees) + "°";
        }
    }

    /**
     * Keras {@code width_shift_range}/{@code height_shift_range} as fractions of the side: content moves
     * by uniform ±fraction·side pixels on each axis.
     */
    record RandomShift(double widthFraction, double heightFraction) implements GeometricTransform {
        @Override
        public Affine sampleInverse(SplittableRandom rng, int side) {
            double dx = symmetric(rng, widthFraction) * side;
            double dy = symmetric(rng, heightFraction) * side;
            return Affine.translation(-dx, -dy);
        }

        @Override
        public String label() {
            return "Shift ±" + AugmentConfig.fmt(widthFraction * 100) + "% w, ±"
                    + AugmentConfig.fmt(heightFraction * 100) + "% h";
        }
    }

    /**
     * Keras {@code zoom_range} r: independent x and y factors z uniform in [1−r, 1+r], with Keras'
     * meaning that output pixel p samples input z·p (z &gt; 1 zooms out, z &lt; 1 zooms in).
     */
    record RandomZoom(double range) implements GeometricTransform {
        @Override
        public Affine sampleInverse(SplittableRandom rng, int side) {
            double zx = 1 + symmetric(rng, range);
            double zy = 1 + symmetric(rng, range);
            return Affine.scale(zx, zy);
        }

        @Override
        public String label() {
            return "Zoom " + AugmentConfig.fmt(1 - range) + "–" + AugmentConfig.fmt(1 + range);
        }
    }

    /** Keras {@code horizontal_flip}: mirror left-right with {@code probability} (Keras: ½). */
    record RandomHorizontalFlip(double probability) implements GeometricTransform {
        @Override
        public Affine sampleInverse(SplittableRandom rng, int side) {
            return rng.nextDouble() < probability ? Affine.flipX() : Affine.IDENTITY;
        }

        @Override
        public String label() {
            return "Horizontal flip p=" + AugmentConfig.fmt(probability);
        }
    }

    /**
     * A crop of {@code fraction}·side pixels, resized back to the full output; its position is uniform
     * over the image when {@code random}, the centre otherwise (evaluation).
     */
    record Crop(double fraction, boolean random) implements GeometricTransform {
        @Override
        public Affine sampleInverse(SplittableRandom rng, int side) {
            double slack = (1 - fraction) * side / 2;
            double ox = random ? symmetric(rng, slack) : 0;
            double oy = random ? symmetric(rng, slack) : 0;
            return Affine.translation(ox, oy).times(Affine.scale(fraction, fraction));
        }

        @Override
        public String label() {
            return (random ? "Random crop " : "Centre crop ") + AugmentConfig.fmt(fraction * 100) + "%";
        }
    }

    /** A fixed, non-random map (output → input, centred): for demonstrations and tests of the warp itself. */
    record Fixed(Affine inverse) implements GeometricTransform {
        @Override
        public Affine sampleInverse(SplittableRandom rng, int side) {
            return inverse;
        }

        @Override
        public String label() {
            return "Fixed " + inverse;
        }
    }
}
