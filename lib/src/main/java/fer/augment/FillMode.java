package fer.augment;

import org.bytedeco.opencv.global.opencv_core;

/**
 * How pixels that a geometric transform pulls in from outside the image are filled: Keras'
 * {@code fill_mode} names mapped to OpenCV border modes.
 */
public enum FillMode {
    /** Keras 'nearest' (aaaa|abcd|dddd): the report's choice; faces keep their edge tones instead of black wedges. */
    NEAREST(opencv_core.BORDER_REPLICATE),
    /** Keras 'constant' with cval 0: black corners. */
    CONSTANT(opencv_core.BORDER_CONSTANT),
    /** Keras 'reflect' (dcba|abcd|dcba). */
    REFLECT(opencv_core.BORDER_REFLECT),
    /** Keras 'wrap' (abcd|abcd|abcd). */
    WRAP(opencv_core.BORDER_WRAP);

    private final int border;

    FillMode(int border) {
        this.border = border;
    }

    /** The OpenCV {@code borderMode} passed to {@code warpAffine}. */
    public int openCvBorder() {
        return border;
    }

    /** Keras' name for this mode. */
    public String kerasName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
