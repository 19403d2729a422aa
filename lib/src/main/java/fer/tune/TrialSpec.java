package fer.tune;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One trial as the planner ({@link Search}) hands it to a {@link TrialExecutor}: everything a machine needs to
 * train it, and nothing that lives only in the driver. Serializable, so an executor may ship it to another JVM
 * (a Spark task).
 *
 * @param trial         sequence number in the search (the log's key)
 * @param config        index of the configuration in the seeded sample sequence
 * @param rung          successive-halving rung (0 for random search)
 * @param startEpoch    epochs already trained (a promoted configuration continues from its state)
 * @param endEpoch      epochs the configuration has trained when this trial ends
 * @param seed          the configuration's seed (weights, shuffling), the same in every rung and on every machine
 * @param stateDir      where the configuration's state lives between rungs: a path every executor sees
 * @param continueLater save the state reached for a later rung
 * @param attempt       1, or more when an earlier run of the search was stopped during this trial
 */
public record TrialSpec(int trial, int config, int rung, int startEpoch, int endEpoch, Map<String, Object> hyperparameters,
                        long seed, String stateDir, boolean continueLater, int attempt) implements Serializable {
    public TrialSpec {
        // a LinkedHashMap inside: serializable, and the space's order kept
        hyperparameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters));
    }

    /** Epochs this trial trains. */
    public int epochsToTrain() {
        return endEpoch - startEpoch;
    }
}
