package fer.explain;

import java.util.Arrays;

/** Spearman's rank correlation of two maps (ties get their mean rank), as in Adebayo et al.'s sanity checks. */
public final class RankCorrelation {
    private RankCorrelation() {}

    /** Spearman's rho: Pearson's correlation of the ranks. */
    public static double spearman(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("maps differ in size: " + a.length + " vs " + b.length);
        return pearson(ranks(a), ranks(b));
    }

    static double[] ranks(float[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) idx[i] = i;
        Arrays.sort(idx, (i, j) -> Float.compare(v[i], v[j]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[idx[j + 1]] == v[idx[i]]) j++;
            double mean = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) r[idx[k]] = mean;
            i = j + 1;
        }
        return r;
    }

    static double pearson(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0), mb = Arrays.stream(b).average().orElse(0);
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }
}
