package fer.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A {@link LabeledImages} held compactly in memory: one contiguous byte array for all pixels
 * (35,887 FER-2013 images at 48×48 = 83 MB), labels as ints.
 */
public final class InMemoryImages implements LabeledImages {
    private final String datasetName;
    private final int side;
    private final List<Emotion> classes;
    private final byte[] pixels;
    private final int[] labels;
    private final String[] sources;

    /**
     * @param pixels {@code labels.length * side * side} bytes, image after image, row-major
     * @param sources where each image came from (file or file:row)
     */
    public InMemoryImages(String datasetName, int side, List<Emotion> classes, byte[] pixels, int[] labels, String[] sources) {
        this.datasetName = Objects.requireNonNull(datasetName);
        this.side = side;
        this.classes = List.copyOf(classes);
        this.pixels = pixels;
        this.labels = labels;
        this.sources = sources;
        if ((long) labels.length * side * side != pixels.length) {
            throw new IllegalArgumentException("pixels: expected " + (long) labels.length * side * side + " bytes for "
                    + labels.length + " images of " + side + "x" + side + ", got " + pixels.length);
        }
        if (sources.length != labels.length) {
            throw new IllegalArgumentException("sources: expected " + labels.length + ", got " + sources.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes.size()) {
                throw new IllegalArgumentException(sources[i] + ": label " + labels[i] + " outside 0–" + (classes.size() - 1));
            }
        }
    }

    /** The images at {@code indices}, in that order (a split or a subset), sharing nothing mutable. */
    public InMemoryImages subset(int[] indices) {
        int n = side * side;
        byte[] px = new byte[indices.length * n];
        int[] lb = new int[indices.length];
        String[] src = new String[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(pixels, indices[k] * n, px, k * n, n);
            lb[k] = labels[indices[k]];
            src[k] = sources[indices[k]];
        }
        return new InMemoryImages(datasetName, side, classes, px, lb, src);
    }

    @Override public int size() { return labels.length; }
    @Override public int side() { return side; }
    @Override public List<Emotion> classes() { return classes; }
    @Override public int label(int i) { return labels[i]; }
    @Override public String source(int i) { return sources[i]; }
    @Override public String datasetName() { return datasetName; }

    @Override
    public byte[] pixels(int i) {
        int n = side * side;
        return Arrays.copyOfRange(pixels, i * n, (i + 1) * n);
    }

    /** Per-class image counts, indexed like {@link #classes()}. */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        for (int l : labels) counts[l]++;
        return counts;
    }
}
