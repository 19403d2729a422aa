package fer.tune;

import java.util.List;

/**
 * Runs a batch of planned trials and reports each through {@link TrialEvents}: the local search trains them one
 * after the other in this JVM ({@link LocalTrialExecutor}); the Spark module (environment/spark) ships each as a
 * task to a cluster. The planner decides what runs and in which batches (random search: one batch; successive
 * halving: one rung per batch), so the trials are the same whatever runs them.
 */
public interface TrialExecutor extends AutoCloseable {
    /** Where trials run, for the progress header ("this JVM", "Spark local[2], 2 task slots"). */
    String describe();

    /**
     * Runs every spec and returns when each has been reported {@link TrialEvents#finished finished}. A trial that
     * throws an exception is reported failed and the batch goes on; an {@link Error} other than out-of-memory
     * (a crash) propagates and leaves the trial running in the log, for a resumed search to re-run.
     */
    void run(List<TrialSpec> batch, TrialEvents events);

    /** Releases what the executor holds (a Spark context); the local one holds nothing. */
    @Override
    default void close() {}

    /**
     * Opens executors by name: {@code fer tune --spark MASTER} finds the Spark module's implementation with
     * {@link java.util.ServiceLoader}, so the library compiles and runs without Spark on its classpath.
     */
    interface Factory {
        /** The option this factory serves, e.g. "spark". */
        String name();

        /**
         * An executor on {@code master} for trials of {@code runner}, whose source must be shippable
         * ({@link TrialRunner#source()}); {@code appName} names the job in the cluster's UI.
         */
        TrialExecutor open(String master, String appName, TrialRunner runner);
    }
}
