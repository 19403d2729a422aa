package fer.train;

import java.util.Properties;

/**
 * Keras' {@code ReduceLROnPlateau}, which DL4J lacks: when the monitored metric has not improved for
 * {@code patience} epochs, multiply the learning rate by {@code factor} (not below {@code minLr}), then
 * wait {@code cooldown} epochs before counting again. Its state is saved with each checkpoint.
 */
public final class ReduceLrOnPlateau implements TrainingCallback {
    /** Keras' arguments; defaults: val_loss, factor 0.1, patience 10, min_delta 1e-4, cooldown 0, min_lr 0. */
    public record Config(Monitor monitor, double factor, int patience, double minDelta, int cooldown, double minLr) {
        public Config {
            if (!(factor > 0 && factor < 1)) throw new IllegalArgumentException("factor must be in (0, 1), got " + factor);
            if (patience < 0 || cooldown < 0) throw new IllegalArgumentException("patience and cooldown must be >= 0");
            if (minLr < 0) throw new IllegalArgumentException("min_lr must be >= 0, got " + minLr);
        }

        /** Keras' defaults. */
        public static Config keras() {
            return new Config(Monitor.VAL_LOSS, 0.1, 10, 1e-4, 0, 0);
        }
    }

    private final Config config;
    private double best = Double.NaN;
    private int wait;
    private int cooldownLeft;

    public ReduceLrOnPlateau(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    @Override
    public void onEpochEnd(EpochMetrics m, EpochControl control) {
        double lr = control.learningRate();
        double next = nextLearningRate(m, lr);
        if (next != lr) control.setLearningRate(next, String.format(java.util.Locale.ROOT, "ReduceLROnPlateau: lr -> %.3g", next));
    }

    /** The learning rate to use from the next epoch on, given this epoch's metrics and current rate. */
    public double nextLearningRate(EpochMetrics m, double lr) {
        double value = m.get(config.monitor());
        if (cooldownLeft > 0) {
            cooldownLeft--;
            wait = 0;
        }
        if (config.monitor().improves(value, best, config.minDelta())) {
            best = value;
            wait = 0;
            return lr;
        }
        if (cooldownLeft > 0) return lr;
        wait++;
        if (wait >= config.patience()) {
            double next = Math.max(lr * config.factor(), config.minLr());
            if (next < lr) {
                cooldownLeft = config.cooldown();
                wait = 0;
                return next;
            }
        }
        return lr;
    }

    @Override
    public void saveState(Properties p) {
        p.setProperty("reduce_lr.best", Double.toString(best));
        p.setProperty("reduce_lr.wait", Integer.toString(wait));
        p.setProperty("reduce_lr.cooldown_left", Integer.toString(cooldownLeft));
    }

    @Override
    public void restoreState(Properties p) {
        best = Double.parseDouble(p.getProperty("reduce_lr.best", "NaN"));
        wait = Integer.parseInt(p.getProperty("reduce_lr.wait", "0"));
        cooldownLeft = Integer.parseInt(p.getProperty("reduce_lr.cooldown_left", "0"));
    }
}
