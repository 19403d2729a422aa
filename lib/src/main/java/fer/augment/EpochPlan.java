package fer.augment;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which image sits at each position of an epoch: the identity order, a per-epoch shuffle, or a class
 * oversampling draw. A pure function of (labels, balancing, seed, epoch).
 */
public final class EpochPlan {
    private EpochPlan() {}

    /** Stream index that seeds the epoch's shuffle, apart from the per-image streams (indices ≥ 0). */
    private static final long SHUFFLE_STREAM = -1;
    private static final long OVERSAMPLE_STREAM = -2;

    /**
     * The image indices of one epoch.
     *
     * @param labels label of every image
     * @param classes number of classes
     */
    public static int[] order(int[] labels, int classes, Balancing balancing, boolean shuffle, long seed, int epoch) {
        int[] order = balancing == Balancing.OVERSAMPLE ? oversample(labels, classes, seed, epoch) : identity(labels.length);
        if (shuffle) shuffle(order, Seeds.random(seed, epoch, SHUFFLE_STREAM));
        return order;
    }

    /** Per-class count after oversampling every present class to the largest class's count. */
    public static int[] oversampledCounts(int[] counts) {
        int max = Arrays.stream(counts).max().orElse(0);
        return Arrays.stream(counts).map(c -> c == 0 ? 0 : max).toArray();
    }

    static int[] oversample(int[] labels, int classes, long seed, int epoch) {
        int[][] byClass = byClass(labels, classes);
        int max = 0;
        for (int[] members : byClass) max = Math.max(max, members.length);
        SplittableRandom rng = Seeds.random(seed, epoch, OVERSAMPLE_STREAM);
        int present = 0;
        for (int[] members : byClass) if (members.length > 0) present++;
        int[] out = new int[present * max];
        int k = 0;
        for (int[] members : byClass) {
            if (members.length == 0) continue;
            int whole = max / members.length;
            for (int r = 0; r < whole; r++) {
                System.arraycopy(members, 0, out, k, members.length);
                k += members.length;
            }
            // the remainder: distinct images chosen at random, so no image is repeated more than once extra
            int[] pick = members.clone();
            shuffle(pick, rng);
            int rest = max - whole * members.length;
            System.arraycopy(pick, 0, out, k, rest);
            k += rest;
        }
        Arrays.sort(out);
        return out;
    }

    static int[][] byClass(int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int l : labels) counts[l]++;
        int[][] byClass = new int[classes][];
        for (int c = 0; c < classes; c++) byClass[c] = new int[counts[c]];
        int[] fill = new int[classes];
        for (int i = 0; i < labels.length; i++) byClass[labels[i]][fill[labels[i]]++] = i;
        return byClass;
    }

    static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
