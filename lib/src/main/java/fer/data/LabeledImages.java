package fer.data;

import java.util.List;

/**
 * The contract between {@code data} and everything downstream (augmentation, training, evaluation):
 * a fixed, indexed set of square 8-bit grayscale face images with class labels.
 *
 * <p>Pixels are row-major, {@code side() * side()} bytes, 0–255 (read with {@code & 0xFF}).
 */
public interface LabeledImages {
    /** Number of images. */
    int size();

    /** Side length in pixels (48 for FER-2013). */
    int side();

    /** The classes, in label order: {@code label(i)} indexes this list. */
    List<Emotion> classes();

    /** Label of image {@code i}, an index into {@link #classes()}. */
    int label(int i);

    /** Pixels of image {@code i}; callers must not modify the returned array. */
    byte[] pixels(int i);

    /** Where image {@code i} came from (file, or file:row), for error messages and figure captions. */
    String source(int i);

    /** Which dataset this is, written on figures and manifests: e.g. "FER-2013" or "synthetic FER". */
    String datasetName();
}
