package fer.tune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rungs of one successive-halving bracket: rung k trains {@code configs[k]} configurations up to
 * {@code epochs[k]} epochs each, continuing from rung k-1 (so a promoted configuration trains only the
 * extra epochs). The first rung is as wide as the budget allows.
 *
 * @param eta keep the best 1/eta of each rung
 */
public record HalvingPlan(int eta, int[] configs, int[] epochs) {
    public HalvingPlan {
        if (configs.length != epochs.length || configs.length == 0) throw new IllegalArgumentException("one epoch count per rung");
        configs = configs.clone();
        epochs = epochs.clone();
    }

    /**
     * The widest bracket whose cost fits {@code budgetEpochs} (in epochs of the training set): rungs train
     * {@code minEpochs}, minEpochs·eta, ... up to {@code maxEpochs} epochs; rung k keeps n/eta^k configurations.
     */
    public static HalvingPlan fit(long budgetEpochs, int eta, int minEpochs, int maxEpochs) {
        if (eta < 2) throw new IllegalArgumentException("eta must be >= 2, got " + eta);
        if (minEpochs < 1 || maxEpochs < minEpochs) throw new IllegalArgumentException("need 1 <= minEpochs <= maxEpochs");
        List<Integer> ep = new ArrayList<>();
        for (long r = minEpochs; ; r *= eta) {
            ep.add((int) Math.min(r, maxEpochs));
            if (r >= maxEpochs) break;
        }
        int[] epochs = ep.stream().mapToInt(Integer::intValue).toArray();
        HalvingPlan best = null;
        for (int n = 1; n <= 100_000; n++) {
            HalvingPlan p = new HalvingPlan(eta, widths(n, eta, epochs.length), epochs);
            if (p.costEpochs() > budgetEpochs) break;
            best = p;
        }
        if (best == null) {
            throw new IllegalArgumentException("budget of " + budgetEpochs + " epochs cannot train even one configuration to "
                    + maxEpochs + " epochs");
        }
        return best;
    }

    private static int[] widths(int n, int eta, int rungs) {
        int[] w = new int[rungs];
        double width = n;
        for (int k = 0; k < rungs; k++) {
            w[k] = Math.max(1, (int) Math.floor(width + 1e-9));
            width /= eta;
        }
        return w;
    }

    /** Epochs trained in all, each promoted configuration continuing where it stopped. */
    public long costEpochs() {
        long c = 0;
        for (int k = 0; k < configs.length; k++) c += (long) configs[k] * (epochs[k] - (k == 0 ? 0 : epochs[k - 1]));
        return c;
    }

    /** Trials in all (one per configuration per rung). */
    public int trials() {
        return Arrays.stream(configs).sum();
    }

    public int rungs() {
        return configs.length;
    }

    @Override
    public int[] configs() {
        return configs.clone();
    }

    @Override
    public int[] epochs() {
        return epochs.clone();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < configs.length; k++) b.append(k > 0 ? " -> " : "").append(configs[k]).append("x").append(epochs[k]).append("ep");
        return b + " (eta " + eta + ", " + costEpochs() + " epochs in all)";
    }
}
