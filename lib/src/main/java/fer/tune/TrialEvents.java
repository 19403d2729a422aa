package fer.tune;

import fer.train.EpochMetrics;
import java.util.List;

/**
 * What an executor tells the planner while a batch runs. Called on the planner's thread only, one call at a
 * time, so the planner alone writes the trial log.
 */
public interface TrialEvents {
    /** The trial was handed to a machine (logged as running). */
    void started(TrialSpec spec);

    /** An epoch finished; {@code history} holds the trial's epochs so far. Executors that cannot report epochs live skip it. */
    void epoch(TrialSpec spec, List<EpochMetrics> history, double seconds);

    /** The trial ended, complete or failed (logged once). */
    void finished(TrialSpec spec, TrialOutcome outcome);
}
