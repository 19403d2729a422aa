package fer.tune;

import fer.train.EpochMetrics;
import java.util.List;
import java.util.Map;

/**
 * One line of the trial log: a snapshot of one trial (a configuration trained for some epochs). The log
 * holds several snapshots per trial (started, after each epoch, finished); the last one counts.
 *
 * @param trial       sequence number in the search (0-based), the same on every resume
 * @param config      index of the configuration in the seeded sample sequence
 * @param rung        successive-halving rung (0 for random search)
 * @param startEpoch  epochs the configuration had already trained before this trial (halving continues a promoted one)
 * @param epochs      epochs the configuration has trained when this trial ends
 * @param history     this trial's epochs (numbered from startEpoch + 1)
 * @param objective   best validation accuracy over the configuration's epochs so far; NaN when none
 * @param images      images trained in this trial (samples x epochs): the budget it used
 * @param attempt     1, or more when a run was killed mid-trial and the trial was re-run
 * @param error       the exception's message for a failed trial, else null
 */
public record TrialRecord(int trial, int config, int rung, int startEpoch, int epochs, Map<String, Object> hyperparameters,
                          long seed, TrialStatus status, List<EpochMetrics> history, double objective, long images,
                          double seconds, int attempt, String error) {
    public TrialRecord {
        history = List.copyOf(history);
        hyperparameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(hyperparameters)); // keeps the space's order
    }

    /** The same trial with another status, objective and so on (a new snapshot). */
    public TrialRecord with(TrialStatus s, List<EpochMetrics> h, double obj, long imgs, double secs, String err) {
        return new TrialRecord(trial, config, rung, startEpoch, epochs, hyperparameters, seed, s, h, obj, imgs, secs, attempt, err);
    }

    /** This trial as attempt {@code n}, started afresh. */
    public TrialRecord retry(int n) {
        return new TrialRecord(trial, config, rung, startEpoch, epochs, hyperparameters, seed, TrialStatus.RUNNING,
                List.of(), Double.NaN, 0, 0, n, null);
    }

    /** True when the objective is a number (complete or pruned trials). */
    public boolean hasObjective() {
        return !Double.isNaN(objective);
    }
}
