package fer.augment;

import fer.data.Emotion;
import fer.data.LabeledImages;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-class loss weights, indexed like {@code classes}: hand {@link #toINDArray()} to
 * {@code new LossMCXENT(weights)} so rare classes count as much in the loss as common ones.
 */
public record ClassWeights(List<Emotion> classes, double[] weights) {
    public ClassWeights {
        classes = List.copyOf(classes);
        weights = weights.clone();
        if (classes.size() != weights.length) {
            throw new IllegalArgumentException("ClassWeights: expected " + classes.size() + " weights, found " + weights.length);
        }
    }

    /**
     * Keras/scikit-learn "balanced": {@code n / (k · count_c)} with n images and k classes present.
     * An absent class gets weight 0 (no example can carry it anyway).
     */
    public static ClassWeights balanced(List<Emotion> classes, int[] counts) {
        long n = 0;
        int present = 0;
        for (int c : counts) {
            if (c < 0) throw new IllegalArgumentException("class counts must be ≥ 0, found " + Arrays.toString(counts));
            n += c;
            if (c > 0) present++;
        }
        if (present == 0) throw new IllegalArgumentException("class counts are all zero: no images to weight");
        double[] w = new double[counts.length];
        for (int c = 0; c < counts.length; c++) w[c] = counts[c] == 0 ? 0 : (double) n / ((double) present * counts[c]);
        return new ClassWeights(classes, w);
    }

    /** Balanced weights for the labels of {@code images}. */
    public static ClassWeights balanced(LabeledImages images) {
        return balanced(images.classes(), counts(images));
    }

    /** Every class weighted 1 (no balancing). */
    public static ClassWeights uniform(List<Emotion> classes) {
        double[] w = new double[classes.size()];
        Arrays.fill(w, 1);
        return new ClassWeights(classes, w);
    }

    /** Images per class of {@code images}, indexed like its classes. */
    public static int[] counts(LabeledImages images) {
        int[] counts = new int[images.classes().size()];
        for (int i = 0; i < images.size(); i++) counts[images.label(i)]++;
        return counts;
    }

    /** Weight of class {@code c}. */
    public double weight(int c) {
        return weights[c];
    }

    /** A [1, k] float row vector, the shape {@code LossMCXENT(INDArray)} expects. */
    public INDArray toINDArray() {
        float[] f = new float[weights.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) weights[i];
        return Nd4j.create(f, new long[] {1, f.length}, 'c');
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }
}
