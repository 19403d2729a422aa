package fer.tune;

import java.util.Locale;

/** How a search spends its budget. */
public enum Strategy {
    /** The report's Keras Tuner RandomSearch: every sampled configuration trains the same number of epochs. */
    RANDOM,
    /**
     * Successive halving (Jamieson and Talwalkar 2016; the inner loop of Hyperband, Li et al. 2018): many
     * configurations train a few epochs, only the best 1/eta of each rung continue for eta times more.
     */
    HALVING;

    public static Strategy parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown strategy '" + s + "': expected random or halving");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
