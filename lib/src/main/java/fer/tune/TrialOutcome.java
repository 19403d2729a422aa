package fer.tune;

import fer.train.EpochMetrics;
import java.io.Serializable;
import java.util.List;

/**
 * What an executor reports for one {@link TrialSpec}: the epochs trained, the time, and the error when the trial
 * failed (NaN loss, out of memory). Serializable: a Spark task returns it to the driver.
 *
 * @param trial    the spec's trial number
 * @param history  the epochs trained in this trial (numbered from startEpoch + 1)
 * @param seconds  wall time of the trial where it ran
 * @param error    the exception's class and message for a failed trial, else null
 * @param where    where it ran ("this JVM", "executor 1 on host, task attempt 2"), for the progress lines
 * @param retries  times the trial was started again after its machine was lost (Spark's task attempts - 1): the
 *                 log's attempt counts them
 */
public record TrialOutcome(int trial, List<EpochMetrics> history, double seconds, String error, String where, int retries)
        implements Serializable {
    public TrialOutcome {
        history = List.copyOf(history);
    }

    public boolean failed() {
        return error != null;
    }
}
