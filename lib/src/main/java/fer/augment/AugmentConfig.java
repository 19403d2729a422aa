package fer.augment;

import java.util.Locale;
import java.util.Objects;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The augmentation applied to training images: the report's Table 1 (Keras {@code ImageDataGenerator}
 * settings) plus extras used by stronger FER-2013 models, which are off by default.
 *
 * <p>Parameters keep Keras' meaning: {@code rotationRange} in degrees (uniform in ±range),
 * {@code zoomRange} r gives per-axis scale factors uniform in [1−r, 1+r] (above 1 shows more of the
 * face, i.e. zooms out), shifts are fractions of the side (uniform in ±fraction), a horizontal flip
 * happens with probability ½, and {@code rescale} multiplies the 0–255 pixel values.
 *
 * @param rotationRange maximum rotation in degrees, 0 = off (Table 1: 15)
 * @param zoomRange zoom range r, 0 = off (Table 1: 0.1)
 * @param widthShift maximum horizontal shift as a fraction of the width, 0 = off (Table 1: 0.1)
 * @param heightShift maximum vertical shift as a fraction of the height, 0 = off (Table 1: 0.1)
 * @param horizontalFlip flip left-right with probability ½ (Table 1: true)
 * @param fillMode how uncovered pixels are filled (Table 1: nearest)
 * @param rescale factor applied to pixel values (Table 1: 1/255, giving [0, 1])
 * @param brightnessRange extra: brightness factor uniform in [1−b, 1+b], 0 = off
 * @param contrastRange extra: contrast factor around the image mean uniform in [1−c, 1+c], 0 = off
 * @param erasingProbability extra: random erasing (Zhong et al. 2020) probability, 0 = off
 * @param cropFraction extra: random crop of this fraction of the side, resized back to the input; 1 = off.
 *     Evaluation then uses the centre crop of the same fraction.
 */
public record AugmentConfig(
        double rotationRange,
        double zoomRange,
        double widthShift,
        double heightShift,
        boolean horizontalFlip,
        FillMode fillMode,
        double rescale,
        double brightnessRange,
        double contrastRange,
        double erasingProbability,
        double cropFraction) {

    public AugmentConfig {
        Objects.requireNonNull(fillMode, "fillMode");
        check("rotationRange", rotationRange, 0, 180);
        check("zoomRange", zoomRange, 0, 0.9);
        check("widthShift", widthShift, 0, 0.9);
        check("heightShift", heightShift, 0, 0.9);
        check("rescale", rescale, Double.MIN_VALUE, 1);
        check("brightnessRange", brightnessRange, 0, 1);
        check("contrastRange", contrastRange, 0, 1);
        check("erasingProbability", erasingProbability, 0, 1);
        check("cropFraction", cropFraction, 0.25, 1);
    }

    private static void check(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException("AugmentConfig." + name + ": expected a value in [" + min + ", " + max
                    + "], found " + value);
        }
    }

    /** A copy with some fields changed, e.g. {@code config.with(b -> b.zoomRange = 0.2)}: every {@code withX} is one. */
    public AugmentConfig with(java.util.function.Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /** The fields of a config being changed by {@link #with}; {@link #build} validates them. */
    public static final class Builder {
        public double rotationRange;
        public double zoomRange;
        public double widthShift;
        public double heightShift;
        public boolean horizontalFlip;
        public FillMode fillMode;
        public double rescale;
        public double brightnessRange;
        public double contrastRange;
        public double erasingProbability;
        public double cropFraction;

        Builder(AugmentConfig c) {
            rotationRange = c.rotationRange;
            zoomRange = c.zoomRange;
            widthShift = c.widthShift;
            heightShift = c.heightShift;
            horizontalFlip = c.horizontalFlip;
            fillMode = c.fillMode;
            rescale = c.rescale;
            brightnessRange = c.brightnessRange;
            contrastRange = c.contrastRange;
            erasingProbability = c.erasingProbability;
            cropFraction = c.cropFraction;
        }

        AugmentConfig build() {
            return new AugmentConfig(rotationRange, zoomRange, widthShift, heightShift, horizontalFlip, fillMode, rescale, brightnessRange, contrastRange, erasingProbability, cropFraction);
        }
    }

    /** The report's Table 1: rescale 1/255, rotation 15°, zoom 0.1, shifts 10%, horizontal flip, fill 'nearest'. */
    public static AugmentConfig table1() {
        return new AugmentConfig(15, 0.1, 0.1, 0.1, true, FillMode.NEAREST, 1 / 255.0, 0, 0, 0, 1);
    }

    /** No augmentation: only the 1/255 rescale (what the report applied to validation and test images). */
    public static AugmentConfig none() {
        return new AugmentConfig(0, 0, 0, 0, false, FillMode.NEAREST, 1 / 255.0, 0, 0, 0, 1);
    }

    public AugmentConfig withRotationRange(double degrees) {
        return with(b -> b.rotationRange = degrees);
    }

    public AugmentConfig withZoomRange(double range) {
        return with(b -> b.zoomRange = range);
    }

    /** Both shift fractions (Table 1 uses one value, 10%, for width and height). */
    public AugmentConfig withShift(double width, double height) {
        return with(b -> { b.widthShift = width; b.heightShift = height; });
    }

    public AugmentConfig withHorizontalFlip(boolean flip) {
        return with(b -> b.horizontalFlip = flip);
    }

    public AugmentConfig withFillMode(FillMode mode) {
        return with(b -> b.fillMode = mode);
    }

    public AugmentConfig withRescale(double factor) {
        return with(b -> b.rescale = factor);
    }

    /** Extra: brightness and contrast jitter (factors uniform in [1−b, 1+b] and [1−c, 1+c]). */
    public AugmentConfig withBrightnessContrast(double brightness, double contrast) {
        return with(b -> { b.brightnessRange = brightness; b.contrastRange = contrast; });
    }

    /** Extra: random erasing with probability p (a rectangle of 2–25% of the image filled with noise). */
    public AugmentConfig withRandomErasing(double probability) {
        return with(b -> b.erasingProbability = probability);
    }

    /** Extra: random crops of {@code fraction} of the side (e.g. 40/48), centre crop at evaluation. */
    public AugmentConfig withRandomCrop(double fraction) {
        return with(b -> b.cropFraction = fraction);
    }

    /** True when no random change is made (only rescaling, and a centre crop if one is configured). */
    public boolean isIdentity() {
        return rotationRange == 0 && zoomRange == 0 && widthShift == 0 && heightShift == 0 && !horizontalFlip
                && brightnessRange == 0 && contrastRange == 0 && erasingProbability == 0 && cropFraction == 1;
    }

    /**
     * This configuration as the report's Table 1 (operation, description, parameters) plus the Keras
     * argument and the OpenCV implementation, one row per operation that is on. Extras appear only when on.
     */
    public Table toTable() {
        StringColumn op = StringColumn.create("Operation");
        StringColumn desc = StringColumn.create("Description");
        StringColumn param = StringColumn.create("Parameters/Range");
        StringColumn keras = StringColumn.create("Keras argument");
        StringColumn cv = StringColumn.create("OpenCV implementation");
        Table t = Table.create("Table 1 - Data Augmentation Operations Summary", op, desc, param, keras, cv);
        row(t, "Rescaling", "Normalizes pixel values to a range between 0 and 1.",
                rescale == 1 / 255.0 ? "Dividing by 255" : "× " + fmt(rescale), "rescale=" + fmt(rescale),
                "float conversion while filling the NCHW batch");
        if (rotationRange > 0) {
            row(t, "Rotation", "Randomly rotates images to introduce orientation variations.",
                    "Up to " + fmt(rotationRange) + "°", "rotation_range=" + fmt(rotationRange), "fused affine warp");
        }
        if (zoomRange > 0) {
            row(t, "Zoom", "Applies random zoom to simulate varying distances and scales.",
                    "Zoom range of " + fmt(zoomRange) + " (scale " + fmt(1 - zoomRange) + "–" + fmt(1 + zoomRange) + ")",
                    "zoom_range=" + fmt(zoomRange), "fused affine warp");
        }
        if (horizontalFlip) {
            row(t, "Horizontal Flipping", "Randomly flips images horizontally to account for left-right variations.",
                    "Random (p = 0.5)", "horizontal_flip=True", "fused affine warp");
        }
        if (widthShift > 0 || heightShift > 0) {
            String range = widthShift == heightShift ? pct(widthShift)
                    : "width " + pct(widthShift) + ", height " + pct(heightShift);
            row(t, "Height & Width Shifting",
                    "Randomly shifts the image along the height and width to introduce positional variations.", range,
                    "width_shift_range=" + fmt(widthShift) + ", height_shift_range=" + fmt(heightShift),
                    "fused affine warp");
        }
        row(t, "Fill Mode", "Fills in empty areas created by transformations.", "'" + fillMode.kerasName() + "'",
                "fill_mode='" + fillMode.kerasName() + "'", "warpAffine borderMode " + borderName());
        if (brightnessRange > 0 || contrastRange > 0) {
            row(t, "Brightness & Contrast (extra)", "Randomly scales brightness and contrast around the mean.",
                    "brightness ±" + pct(brightnessRange) + ", contrast ±" + pct(contrastRange),
                    "brightness_range=[" + fmt(1 - brightnessRange) + ", " + fmt(1 + brightnessRange) + "]",
                    "Mat.convertTo(alpha, beta)");
        }
        if (erasingProbability > 0) {
            row(t, "Random Erasing (extra)", "Replaces a random rectangle with noise (occlusion robustness).",
                    "p = " + fmt(erasingProbability) + ", area 2–25%", "—", "noise written into the warped Mat");
        }
        if (cropFraction < 1) {
            row(t, "Random Crop (extra)", "Crops a random window and resizes it back; centre crop at evaluation.",
                    pct(cropFraction) + " of the side", "—", "fused affine warp");
        }
        return t;
    }

    private String borderName() {
        return switch (fillMode) {
            case NEAREST -> "BORDER_REPLICATE";
            case CONSTANT -> "BORDER_CONSTANT";
            case REFLECT -> "BORDER_REFLECT";
            case WRAP -> "BORDER_WRAP";
        };
    }

    private static void row(Table t, String... cells) {
        for (int i = 0; i < cells.length; i++) t.stringColumn(i).append(cells[i]);
    }

    static String fmt(double v) {
        if (v == Math.rint(v)) return String.valueOf((long) v);
        return String.format(Locale.ROOT, "%.4g", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String pct(double v) {
        return fmt(v * 100) + "%";
    }
}
