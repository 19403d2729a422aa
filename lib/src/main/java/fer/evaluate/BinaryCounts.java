package fer.evaluate;

import fer.data.Emotion;

/**
 * One class against the rest (report Figure 8): true/false positives and negatives of {@code positive},
 * as DL4J's {@code Evaluation} counts them.
 */
public record BinaryCounts(Emotion positive, long tp, long fp, long fn, long tn) {
    public BinaryCounts {
        if (tp < 0 || fp < 0 || fn < 0 || tn < 0) {
            throw new IllegalArgumentException("counts must be ≥ 0, found TP " + tp + " FP " + fp + " FN " + fn + " TN " + tn);
        }
    }

    /** All images counted. */
    public long total() {
        return tp + fp + fn + tn;
    }

    /** Images whose true class is {@code positive} (the report's "support"). */
    public long support() {
        return tp + fn;
    }
}
