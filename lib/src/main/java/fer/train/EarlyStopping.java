package fer.train;

import java.util.Properties;

/**
 * Keras' {@code EarlyStopping}: stop when the monitored metric has not improved by more than
 * {@code minDelta} for {@code patience} epochs; optionally restore the best epoch's weights at the end.
 */
public final class EarlyStopping implements TrainingCallback {
    /** Keras' arguments. */
    public record Config(Monitor monitor, int patience, double minDelta, boolean restoreBestWeights) {
        public Config {
            if (patience < 0) throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        }
    }

    private final Config config;
    private double best = Double.NaN;
    private int bestEpoch = -1;
    private int wait;

    public EarlyStopping(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    @Override
    public void onEpochEnd(EpochMetrics m, EpochControl control) {
        if (record(m)) control.keepAsBest(config.restoreBestWeights());
        if (shouldStop()) {
            control.stop("early stop: no " + config.monitor().id() + " improvement for " + config.patience()
                    + " epochs (best epoch " + bestEpoch + ")");
        }
    }

    /** Records an epoch; returns true when this epoch is the best so far (its weights should be kept). */
    public boolean record(EpochMetrics m) {
        double value = m.get(config.monitor());
        if (config.monitor().improves(value, best, config.minDelta())) {
            best = value;
            bestEpoch = m.epoch();
            wait = 0;
            return true;
        }
        wait++;
        return false;
    }

    /** True once {@code patience} epochs in a row brought no improvement. */
    public boolean shouldStop() {
        return wait >= Math.max(1, config.patience());
    }

    public int bestEpoch() {
        return bestEpoch;
    }

    public double best() {
        return best;
    }

    @Override
    public void saveState(Properties p) {
        p.setProperty("early_stopping.best", Double.toString(best));
        p.setProperty("early_stopping.best_epoch", Integer.toString(bestEpoch));
        p.setProperty("early_stopping.wait", Integer.toString(wait));
    }

    @Override
    public void restoreState(Properties p) {
        best = Double.parseDouble(p.getProperty("early_stopping.best", "NaN"));
        bestEpoch = Integer.parseInt(p.getProperty("early_stopping.best_epoch", "-1"));
        wait = Integer.parseInt(p.getProperty("early_stopping.wait", "0"));
    }
}
