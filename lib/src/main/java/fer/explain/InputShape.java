package fer.explain;

import java.util.Map;

/**
 * The image a network takes: height, width, channels, and whether its first layer reads channels last
 * (NHWC, as models imported from TensorFlow may). Saliency code always hands images over as NCHW.
 */
public record InputShape(int height, int width, int channels, boolean channelsLast) {
    public InputShape {
        if (height < 1 || width < 1) throw new IllegalArgumentException("input size must be positive, got " + height + "x" + width);
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("input channels must be 1 (gray) or 3 (gray replicated / RGB), got " + channels);
        }
    }

    /** A square NCHW input. */
    public static InputShape square(int side, int channels) {
        return new InputShape(side, side, channels, false);
    }

    /** Parses a manifest's {@code model.input}, e.g. {@code 48x48x3} (height x width x channels). */
    public static InputShape parse(String text) {
        String[] p = text.trim().toLowerCase().split("x");
        try {
            if (p.length != 3) throw new NumberFormatException();
            return new InputShape(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), false);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model input '" + text + "': expected HEIGHTxWIDTHxCHANNELS, e.g. 48x48x3");
        }
    }

    /** The input a saved model's manifest names under {@code model.input}, or null when it names none. */
    public static InputShape fromManifest(Map<String, Object> manifest) {
        if (manifest == null || !(manifest.get("model") instanceof Map<?, ?> model)) return null;
        Object in = model.get("input");
        return in == null ? null : parse(in.toString());
    }

    /** Pixels per channel. */
    public int plane() {
        return height * width;
    }

    /** {@code 48x48x3}, as in manifests. */
    @Override
    public String toString() {
        return height + "x" + width + "x" + channels;
    }
}
