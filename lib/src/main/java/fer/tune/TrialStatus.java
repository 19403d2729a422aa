package fer.tune;

import java.util.Locale;

/**
 * Where a trial stands in the log. Only {@code RUNNING} is unfinished: a resumed search re-runs it. {@code MANUAL}: a
 * configuration a person chose and trained from notebook 04's panel ({@link ManualTrials}), outside the search's plan.
 */
public enum TrialStatus {
    RUNNING, COMPLETE, PRUNED, FAILED, MANUAL;

    public boolean finished() {
        return this != RUNNING;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TrialStatus parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
