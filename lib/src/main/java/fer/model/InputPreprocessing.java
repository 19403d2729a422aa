package fer.model;

import fer.data.Gray;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How a face crop becomes a model's input tensor {@code [N, C, side, side]}, as the model's manifest says
 * ({@code "input_preprocessing"}), so every caller (live demo, saliency, notebooks) prepares faces the way
 * the model was trained.
 *
 * <p>The project's own models have no such key: they see gray faces (BT.601 luminance, as
 * {@code fer.data} reads images), stretched to {@code side} (area averaging, as {@link Gray#resize}),
 * times 1/255 — the rescale {@code fer.augment.FerBatches} trains with — copied to every input channel.
 * Imported models (face-api's expression net) state their own colour, padding, mean and scale.
 *
 * <p>Pixel values are transformed as {@code (v − mean[c]) · scale}, with {@code v} in 0–255 after
 * padding and resizing. Models imported from Keras ({@link #keras}) say which of Keras' preprocessings they were
 * trained with: the report's {@code rescale=1/255}, VGG16's own {@code preprocess_input} ("caffe": BGR, ImageNet
 * mean subtracted) or "tf" ({@code x/127.5 − 1}); they read and resize images as Keras' {@code load_img} does.
 *
 * @param color        the colour the model sees: gray (copied to each of {@code channels}) or RGB
 * @param side         input height = width
 * @param channels     input channels: 1 or 3 for gray, 3 for RGB
 * @param padToSquare  pad the crop's shorter side with black to a square first (centred; the odd pixel
 *                     after the image, as face-api does) instead of stretching it
 * @param mean         subtracted from each colour component (0–255 scale): one value for gray, R, G, B for RGB
 *                     (and for gray copied to 3 channels: a value per channel, in R, G, B order)
 * @param scale        multiplies the mean-subtracted values
 * @param resize       how the (padded) crop is brought to {@code side × side}
 * @param bgr          channels in B, G, R order (Keras' "caffe" preprocessing, what VGG16's ImageNet weights expect)
 */
public record InputPreprocessing(Color color, int side, int channels, boolean padToSquare, List<Double> mean,
                                 double scale, Resize resize, boolean bgr) {

    private static final float LUMA_R = 0.2989f, LUMA_G = 0.5870f, LUMA_B = 0.1140f;

    /** Manifest key holding this object; absent in the project's own models. */
    public static final String MANIFEST_KEY = "input_preprocessing";

    /** The colour a model sees. */
    public enum Color {
        /** BT.601 luminance rounded to 8 bits, before the resize (how {@code fer.data} reads images). */
        GRAY,
        RGB,
        /**
         * Gray computed after the resize, in float: {@code 0.2989 R + 0.587 G + 0.114 B} of the resized colour planes (MATLAB's
         * {@code rgb2gray} weights), as {@code @vladmandic/human} prepares faces for the FER-2013 emotion model.
         */
        LUMA;

        /** Components per pixel before channel replication (what the model sees: LUMA is one). */
        public int components() {
            return this == RGB ? 3 : 1;
        }

        /** Colour planes read from the image: LUMA reads R, G and B and combines them after resizing. */
        int planesRead() {
            return this == GRAY ? 1 : 3;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Color parse(String s) {
            for (Color c : values()) if (c.id().equalsIgnoreCase(s.trim())) return c;
            throw new IllegalArgumentException("input_preprocessing.color: expected gray, rgb or luma, found '" + s + "'");
        }
    }

    /** Resizing methods, named as in the manifests. */
    public enum Resize {
        /** Area averaging when shrinking, bilinear when enlarging: {@link Gray#resize}, what {@code fer.data} uses. */
        AREA("area"),
        /**
         * TensorFlow's {@code resizeBilinear} with {@code alignCorners = false, halfPixelCenters = false}: source
         * coordinate {@code dst · in/out}, no anti-aliasing. What face-api does to a tensor input.
         */
        TF_BILINEAR("tf-bilinear"),
        /**
         * Pillow's {@code Image.resize(size, NEAREST)}, what Keras' {@code load_img} and {@code flow_from_directory}
         * do by default ({@code interpolation="nearest"}): source pixel {@code floor((dst + 0.5) · in/out)}.
         */
        PIL_NEAREST("pil-nearest");

        private final String id;

        Resize(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        static Resize parse(String s) {
            for (Resize r : values()) if (r.id.equalsIgnoreCase(s.trim())) return r;
            throw new IllegalArgumentException("input_preprocessing.resize: expected area, tf-bilinear or pil-nearest, found '" + s + "'");
        }
    }

    public InputPreprocessing {
        if (color == null || resize == null) throw new IllegalArgumentException("color and resize are required");
        if (side < 1) throw new IllegalArgumentException("side must be >= 1, found " + side);
        if (color == Color.RGB ? channels != 3 : channels != 1 && channels != 3) {
            throw new IllegalArgumentException("A " + color.id() + " model takes " + (color == Color.RGB ? "3" : "1 or 3")
                    + " channels, found " + channels);
        }
        mean = List.copyOf(mean);
        if (mean.size() != color.components() && mean.size() != channels) {
            throw new IllegalArgumentException("mean: expected " + color.components() + " value(s) for " + color.id()
                    + (channels != color.components() ? " or " + channels + " (one per channel)" : "") + ", found " + mean.size());
        }
        if (!(scale > 0) || Double.isInfinite(scale)) throw new IllegalArgumentException("scale must be > 0, found " + scale);
        if (bgr && channels != 3) throw new IllegalArgumentException("BGR channel order needs 3 channels, found " + channels);
    }

    /** Without channel reordering (RGB or gray). */
    public InputPreprocessing(Color color, int side, int channels, boolean padToSquare, List<Double> mean, double scale,
                              Resize resize) {
        this(color, side, channels, padToSquare, mean, scale, resize, false);
    }

    /** Keras' preprocessings a model may have been trained with, as {@code fer import keras --preprocess} names them. */
    public enum KerasMode {
        /** {@code ImageDataGenerator(rescale=1/255)}: the report's. */
        RESCALE,
        /** {@code keras.applications.vgg16.preprocess_input}: RGB → BGR, ImageNet's mean BGR subtracted, no scaling. */
        CAFFE,
        /** {@code preprocess_input(mode="tf")}: {@code x / 127.5 − 1}. */
        TF;

        /** Parses rescale, caffe or tf (any case). */
        public static KerasMode parse(String s) {
            for (KerasMode m : values()) if (m.name().equalsIgnoreCase(s.trim())) return m;
            throw new IllegalArgumentException("Unknown Keras preprocessing '" + s + "': expected rescale, caffe or tf");
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** ImageNet's mean R, G, B, which Keras' "caffe" mode subtracts (in B, G, R order: 103.939, 116.779, 123.68). */
    public static final List<Double> IMAGENET_MEAN_RGB = List.of(123.68, 116.779, 103.939);

    /**
     * How a Keras model of {@code side × side × channels} input sees an image when it was trained with {@code mode}
     * on images read by {@code load_img}/{@code flow_from_directory}: {@code color_mode="rgb"} for 3 channels (a gray
     * image copied to R, G, B), {@code "grayscale"} for 1, resized by Pillow's nearest neighbour.
     */
    public static InputPreprocessing keras(KerasMode mode, int side, int channels) {
        Color color = channels == 3 ? Color.RGB : Color.GRAY;
        return switch (mode) {
            case RESCALE -> new InputPreprocessing(color, side, channels, false, zeros(color), 1 / 255.0, Resize.PIL_NEAREST, false);
            case TF -> new InputPreprocessing(color, side, channels, false, constant(color, 127.5), 1 / 127.5, Resize.PIL_NEAREST, false);
            case CAFFE -> {
                if (channels != 3) throw new IllegalArgumentException("caffe preprocessing needs 3 channels (BGR), the model has " + channels);
                yield new InputPreprocessing(color, side, channels, false, IMAGENET_MEAN_RGB, 1.0, Resize.PIL_NEAREST, true);
            }
        };
    }

    /**
     * The project's own way of reading faces (gray, area resize, copied to each channel) with Keras' {@code mode}
     * on top: how the VGG16 base sees FER-2013's gray faces under the report's rescale or VGG16's caffe preprocessing.
     */
    public static InputPreprocessing grayFaces(KerasMode mode, int side, int channels) {
        return switch (mode) {
            case RESCALE -> project(side, channels);
            case TF -> new InputPreprocessing(Color.GRAY, side, channels, false, List.of(127.5), 1 / 127.5, Resize.AREA, false);
            case CAFFE -> new InputPreprocessing(Color.GRAY, side, channels, false, IMAGENET_MEAN_RGB, 1.0, Resize.AREA, true);
        };
    }

    private static List<Double> zeros(Color color) {
        return constant(color, 0);
    }

    private static List<Double> constant(Color color, double v) {
        return java.util.Collections.nCopies(color.components(), v);
    }

    /** The project's models: gray, stretched to {@code side}, area resize, ×1/255, no mean. */
    public static InputPreprocessing project(int side, int channels) {
        return new InputPreprocessing(Color.GRAY, side, channels, false, List.of(0.0), 1 / 255.0, Resize.AREA);
    }

    /**
     * What a manifest says: its {@code "input_preprocessing"} object, or else the project's default for the
     * side and channels of {@code "model.input"} (e.g. {@code "48x48x3"}).
     */
    public static InputPreprocessing fromManifest(Map<String, Object> manifest) {
        Object model = manifest.get("model");
        Object input = model instanceof Map<?, ?> m ? m.get("input") : null;
        int[] shape = input == null ? null : parseInput(input.toString());
        Object p = manifest.get(MANIFEST_KEY);
        if (p == null) {
            if (shape == null) throw new IllegalArgumentException("manifest has neither '" + MANIFEST_KEY + "' nor 'model.input'");
            return project(shape[0], shape[2]);
        }
        if (!(p instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(MANIFEST_KEY + ": expected an object, found " + p);
        }
        Color color = Color.parse(String.valueOf(map.containsKey("color") ? map.get("color") : "gray"));
        int side = map.containsKey("side") ? number(map, "side").intValue()
                : shape != null ? shape[0] : fail("input_preprocessing.side (or model.input) is required");
        int channels = shape != null ? shape[2] : color.components();
        List<Double> mean;
        Object meanRaw = map.containsKey("mean_rgb") ? map.get("mean_rgb") : map.get("mean");
        if (meanRaw == null) {
            mean = color == Color.RGB ? List.of(0.0, 0.0, 0.0) : List.of(0.0);
        } else if (meanRaw instanceof List<?> list) {
            mean = list.stream().map(v -> ((Number) v).doubleValue()).toList();
        } else {
            mean = List.of(((Number) meanRaw).doubleValue());
        }
        double scale = map.containsKey("scale") ? number(map, "scale").doubleValue() : 1 / 255.0;
        boolean pad = Boolean.TRUE.equals(map.get("pad_to_square"));
        Resize resize = map.containsKey("resize") ? Resize.parse(map.get("resize").toString()) : Resize.AREA;
        Object order = map.containsKey("channel_order") ? map.get("channel_order") : "rgb";
        if (!order.equals("rgb") && !order.equals("bgr")) {
            throw new IllegalArgumentException("input_preprocessing.channel_order: expected rgb or bgr, found '" + order + "'");
        }
        return new InputPreprocessing(color, side, channels, pad, mean, scale, resize, order.equals("bgr"));
    }

    /** This object as a manifest's {@code "input_preprocessing"} value (what {@link #fromManifest} reads). */
    public Map<String, Object> toManifest() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("color", color.id());
        m.put("side", side);
        m.put("pad_to_square", padToSquare);
        m.put(mean.size() == 3 ? "mean_rgb" : "mean", mean.size() == 3 ? mean : mean.get(0));
        m.put("scale", scale);
        m.put("resize", resize.id());
        m.put("channel_order", bgr ? "bgr" : "rgb");
        return m;
    }

    /** The model input for one face crop: {@code [1, channels, side, side]}. */
    public INDArray toInput(BufferedImage face) {
        return toBatch(List.of(face));
    }

    /**
     * The model input for one face crop held as an OpenCV Mat, in OpenCV's channel order: 8-bit BGR
     * ({@code CV_8UC3}), BGRA ({@code CV_8UC4}) or gray ({@code CV_8UC1}). A region of interest (a submat of
     * a frame) works as is; nothing is copied natively.
     */
    public INDArray toInput(Mat face) {
        return toBatchOfMats(List.of(face));
    }

    /** The model input for several crops (one frame's faces): {@code [n, channels, side, side]}. */
    public INDArray toBatch(List<BufferedImage> faces) {
        float[] x = new float[faces.size() * channels * side * side];
        for (int i = 0; i < faces.size(); i++) write(planes(faces.get(i)), x, i);
        return tensor(x, faces.size());
    }

    /** As {@link #toBatch}, for Mats (see {@link #toInput(Mat)} for the pixel formats). */
    public INDArray toBatchOfMats(List<Mat> faces) {
        float[] x = new float[faces.size() * channels * side * side];
        for (int i = 0; i < faces.size(); i++) write(planes(faces.get(i)), x, i);
        return tensor(x, faces.size());
    }

    /**
     * The model input for gray faces as datasets hold them (FER-2013's 8-bit {@code side × side} pixels, row-major): a gray
     * face is the same in R, G and B, as Pillow's {@code convert("RGB")} makes it.
     */
    public INDArray toBatchOfGray(List<byte[]> faces, int faceSide) {
        float[] x = new float[faces.size() * channels * side * side];
        for (int i = 0; i < faces.size(); i++) {
            byte[] px = faces.get(i);
            if (px.length != faceSide * faceSide) {
                throw new IllegalArgumentException("face " + i + ": " + px.length + " pixels, expected " + faceSide + "x" + faceSide);
            }
            byte[][] planes = new byte[color.components()][];
            java.util.Arrays.fill(planes, px);
            write(new Planes(faceSide, faceSide, planes), x, i);
        }
        return tensor(x, faces.size());
    }

    /**
     * The crop padded and resized but not yet normalised: one {@code side²} plane per colour component,
     * values on the 0–255 scale. For checks against a reference implementation that normalises itself.
     */
    public float[][] resizedPlanes(BufferedImage face) {
        return resized(planes(face));
    }

    /** As {@link #resizedPlanes(BufferedImage)}, for a Mat. */
    public float[][] resizedPlanes(Mat face) {
        return resized(planes(face));
    }

    // ------------------------------------------------------------------ internals

    /** An 8-bit image as one byte plane per colour component (gray: 1; RGB: R, G, B). */
    private record Planes(int width, int height, byte[][] planes) {}

    private Planes planes(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        if (color == Color.GRAY) return new Planes(w, h, new byte[][] {Gray.luminance(img)});
        byte[] r = new byte[w * h], g = new byte[w * h], b = new byte[w * h];
        Raster raster = img.getRaster();
        boolean indexed = img.getColorModel() instanceof java.awt.image.IndexColorModel;
        if (!indexed && raster.getNumBands() <= 2) {
            // a gray image as RGB: the luminance in all three (getRGB would apply a colour-space conversion)
            byte[] y = Gray.luminance(img);
            return new Planes(w, h, new byte[][] {y, y.clone(), y.clone()});
        }
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < rgb.length; i++) {
            r[i] = (byte) (rgb[i] >> 16);
            g[i] = (byte) (rgb[i] >> 8);
            b[i] = (byte) rgb[i];
        }
        return new Planes(w, h, new byte[][] {r, g, b});
    }

    private Planes planes(Mat mat) {
        if (mat.depth() != opencv_core.CV_8U) {
            throw new IllegalArgumentException("face Mat: expected 8-bit pixels (CV_8UC1/3/4), found type " + mat.type());
        }
        int w = mat.cols(), h = mat.rows(), ch = mat.channels();
        if (ch != 1 && ch != 3 && ch != 4) {
            throw new IllegalArgumentException("face Mat: expected 1 (gray), 3 (BGR) or 4 (BGRA) channels, found " + ch);
        }
        if (w < 1 || h < 1) throw new IllegalArgumentException("face Mat is empty (" + w + "x" + h + ")");
        byte[] row = new byte[w * ch];
        int k = color.planesRead();
        byte[][] out = new byte[k][w * h];
        for (int y = 0; y < h; y++) {
            BytePointer p = mat.ptr(y);
            p.get(row, 0, row.length);
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (ch == 1) {
                    for (int c = 0; c < k; c++) out[c][i] = row[x];
                    continue;
                }
                int b = row[x * ch] & 255, g = row[x * ch + 1] & 255, r = row[x * ch + 2] & 255;
                if (k == 1) {
                    out[0][i] = (byte) luminance(r, g, b);
                } else {
                    out[0][i] = (byte) r;
                    out[1][i] = (byte) g;
                    out[2][i] = (byte) b;
                }
            }
        }
        return new Planes(w, h, out);
    }

    /** BT.601 luminance with {@link Gray#luminance}'s weights and rounding, so a Mat and an image agree. */
    private static int luminance(int r, int g, int b) {
        return (299 * r + 587 * g + 114 * b + 500) / 1000;
    }

    private float[][] resized(Planes p) {
        int w = p.width(), h = p.height();
        byte[][] planes = p.planes();
        if (padToSquare && w != h) {
            int s = Math.max(w, h);
            // face-api (padToSquare, centred): round(diff / 2) after the image, the rest before it
            int diff = s - Math.min(w, h), before = diff - (int) Math.floor(diff * 0.5 + 0.5);
            int ox = w < h ? before : 0, oy = h < w ? before : 0;
            byte[][] padded = new byte[planes.length][s * s];
            for (int c = 0; c < planes.length; c++) {
                for (int y = 0; y < h; y++) System.arraycopy(planes[c], y * w, padded[c], (y + oy) * s + ox, w);
            }
            planes = padded;
            w = h = s;
        }
        float[][] out = new float[planes.length][];
        for (int c = 0; c < planes.length; c++) {
            out[c] = switch (resize) {
                case AREA -> toFloat(Gray.resize(planes[c], w, h, side));
                case TF_BILINEAR -> tfBilinear(planes[c], w, h, side);
                case PIL_NEAREST -> pilNearest(planes[c], w, h, side);
            };
        }
        if (color == Color.LUMA && out.length == 3) {
            // float32 products summed in channel order, as tf.sum(tf.mul(rgb, weights), 3) does
            float[] gray = new float[out[0].length];
            for (int i = 0; i < gray.length; i++) gray[i] = out[0][i] * LUMA_R + out[1][i] * LUMA_G + out[2][i] * LUMA_B;
            return new float[][] {gray};
        }
        return out;
    }

    private static float[] toFloat(byte[] b) {
        float[] f = new float[b.length];
        for (int i = 0; i < b.length; i++) f[i] = b[i] & 255;
        return f;
    }

    /**
     * TensorFlow's legacy bilinear resize (no corner alignment, no half-pixel centres), computed in double and
     * stored as float32 as TensorFlow.js's CPU kernel does, so both sides see the same input to ~1 ulp.
     */
    static float[] tfBilinear(byte[] src, int w, int h, int side) {
        float[] out = new float[side * side];
        double sy = (double) h / side, sx = (double) w / side;
        for (int oy = 0; oy < side; oy++) {
            double fy = sy * oy;
            int y0 = (int) Math.floor(fy), y1 = Math.min(h - 1, (int) Math.ceil(fy));
            double dy = fy - y0;
            for (int ox = 0; ox < side; ox++) {
                double fx = sx * ox;
                int x0 = (int) Math.floor(fx), x1 = Math.min(w - 1, (int) Math.ceil(fx));
                double dx = fx - x0;
                double tl = src[y0 * w + x0] & 255, tr = src[y0 * w + x1] & 255;
                double bl = src[y1 * w + x0] & 255, br = src[y1 * w + x1] & 255;
                double top = tl + (tr - tl) * dx, bottom = bl + (br - bl) * dx;
                out[oy * side + ox] = (float) (top + (bottom - top) * dy);
            }
        }
        return out;
    }

    /**
     * Pillow's nearest-neighbour resize ({@code ImagingScaleAffine}): the source column of output column {@code x} is
     * {@code (int) xo} with {@code xo} starting at {@code 0.5 · w/side} and stepping by {@code w/side} in double, the
     * accumulation kept as Pillow does so that ties round the same way.
     */
    static float[] pilNearest(byte[] src, int w, int h, int side) {
        int[] cols = pilNearestIndex(w, side), rows = pilNearestIndex(h, side);
        float[] out = new float[side * side];
        for (int y = 0; y < side; y++) {
            int row = rows[y] * w;
            for (int x = 0; x < side; x++) out[y * side + x] = src[row + cols[x]] & 255;
        }
        return out;
    }

    private static int[] pilNearestIndex(int in, int out) {
        double step = (double) in / out, at = step * 0.5;
        int[] index = new int[out];
        for (int i = 0; i < out; i++) {
            index[i] = Math.min(in - 1, (int) at);
            at += step;
        }
        return index;
    }

    private void write(Planes p, float[] x, int index) {
        float[][] planes = resized(p);
        int plane = side * side, base = index * channels * plane;
        for (int c = 0; c < channels; c++) {
            int rgb = bgr ? 2 - c : c; // the colour component channel c holds
            float[] src = planes[color == Color.RGB ? rgb : 0];
            float m = mean.get(mean.size() == 1 ? 0 : rgb).floatValue(), s = (float) scale;
            for (int i = 0; i < plane; i++) x[base + c * plane + i] = (src[i] - m) * s;
        }
    }

    private INDArray tensor(float[] x, int n) {
        INDArray a = Nd4j.createUninitializedDetached(DataType.FLOAT, n, channels, side, side);
        if (x.length > 0) a.data().asNioFloat().put(x, 0, x.length);
        return a;
    }

    private static int[] parseInput(String s) {
        String[] parts = s.trim().toLowerCase(Locale.ROOT).split("x");
        if (parts.length != 3) throw new IllegalArgumentException("model.input: expected HxWxC (e.g. 48x48x3), found '" + s + "'");
        try {
            int[] out = {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
            if (out[0] != out[1]) throw new IllegalArgumentException("model.input: expected a square input, found '" + s + "'");
            return out;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model.input: expected HxWxC (e.g. 48x48x3), found '" + s + "'");
        }
    }

    private static Number number(Map<?, ?> map, String key) {
        Object v = map.get(key);
        if (v instanceof Number n) return n;
        throw new IllegalArgumentException("input_preprocessing." + key + ": expected a number, found " + v);
    }

    private static int fail(String message) {
        throw new IllegalArgumentException(message);
    }
}
