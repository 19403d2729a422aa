package fer.train;

import java.util.Locale;

/** A metric a callback watches, with Keras' names ({@code val_loss}, {@code val_accuracy}, …). */
public enum Monitor {
    LOSS, ACCURACY, VAL_LOSS, VAL_ACCURACY;

    /** True when larger is better (accuracies), false for losses: Keras' mode='auto'. */
    public boolean higherIsBetter() {
        return this == ACCURACY || this == VAL_ACCURACY;
    }

    /** Whether {@code value} improves on {@code best} by more than {@code minDelta}. */
    public boolean improves(double value, double best, double minDelta) {
        if (Double.isNaN(best)) return !Double.isNaN(value);
        return higherIsBetter() ? value > best + minDelta : value < best - minDelta;
    }

    /** Keras' name, e.g. {@code val_loss}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses Keras' names ({@code val_loss}, {@code val_accuracy}, {@code loss}, {@code accuracy}; also {@code val_acc}). */
    public static Monitor parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace("val_acc", "val_accuracy").replace("accuracyuracy", "accuracy");
        if (n.equals("acc")) n = "accuracy";
        for (Monitor m : values()) if (m.id().equals(n)) return m;
        throw new IllegalArgumentException("Unknown monitor '" + name + "': expected loss, accuracy, val_loss or val_accuracy");
    }
}
