package fer.tune;

import java.io.Serializable;

/**
 * How another JVM builds the same {@link TrialRunner}: shipped once to each executor of a cluster (the quick
 * profile's cached base features travel inside it, as a Spark broadcast), opened there once per JVM.
 */
public interface TrialRunnerSource extends Serializable {
    /** A key naming what the source builds: executors keep one runner per key. */
    String key();

    /** Builds the runner in this JVM. */
    TrialRunner open() throws Exception;
}
