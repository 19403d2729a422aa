package fer.spark;

import fer.tune.TrialEvents;
import fer.tune.TrialExecutor;
import fer.tune.TrialOutcome;
import fer.tune.TrialRunnerSource;
import fer.tune.TrialSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Runs a batch of planned trials on a Spark cluster, each as a one-task job, so that every free task slot trains
 * a trial and the driver hears of each trial as soon as it ends. The runner's source (the quick profile's cached
 * features) is broadcast once; executors build one runner per JVM from it ({@link TrialTask}).
 *
 * <p>Fault tolerance is Spark's: a task lost with its executor (a killed worker) is run again elsewhere, a task
 * that crashed its JVM is retried up to {@code spark.task.maxFailures} times. A trial that fails by itself (NaN
 * loss, out of memory) returns a failed outcome rather than failing its task, so it is not retried. The driver
 * (the planner) alone writes the log: one line when the trial is handed out, one when it ends.
 */
public final class SparkTrialExecutor implements TrialExecutor {
    private final JavaSparkContext sc;
    private final boolean ownsContext;
    private final Broadcast<TrialRunnerSource> source;

    /** Trials of {@code source} on {@code sc}; {@code ownsContext}: {@link #close} stops the context. */
    public SparkTrialExecutor(JavaSparkContext sc, TrialRunnerSource source, boolean ownsContext) {
        this.sc = sc;
        this.ownsContext = ownsContext;
        this.source = sc.broadcast(source);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "Spark %s (%s, app %s), one task per trial, at most %s retries per task",
                sc.master(), sc.version(), sc.sc().applicationId(), sc.getConf().get("spark.task.maxFailures", "4"));
    }

    @Override
    public void run(List<TrialSpec> batch, TrialEvents events) {
        Map<TrialSpec, JavaFutureAction<List<TrialOutcome>>> running = new LinkedHashMap<>();
        for (TrialSpec spec : batch) {
            sc.setJobDescription(String.format(Locale.ROOT, "trial %d: config %d, rung %d, epochs %d-%d", spec.trial() + 1,
                    spec.config(), spec.rung(), spec.startEpoch() + 1, spec.endEpoch()));
            events.started(spec);
            running.put(spec, sc.parallelize(List.of(spec), 1).map(new TrialTask(source)).collectAsync());
        }
        sc.setJobDescription(null);
        try {
            while (!running.isEmpty()) {
                boolean any = false;
                for (var it = running.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    if (!e.getValue().isDone()) continue;
                    it.remove();
                    any = true;
                    events.finished(e.getKey(), outcome(e.getKey(), e.getValue()));
                }
                if (!any) Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.values().forEach(f -> f.cancel(true));
            throw new IllegalStateException("interrupted while " + running.size() + " trials ran on Spark", e);
        }
    }

    /** The task's outcome, or a failed outcome when Spark gave the trial up (its task failed maxFailures times). */
    private TrialOutcome outcome(TrialSpec spec, JavaFutureAction<List<TrialOutcome>> f) throws InterruptedException {
        try {
            List<TrialOutcome> out = f.get();
            if (out.size() != 1) throw new IllegalStateException("trial " + spec.trial() + ": Spark returned " + out.size() + " outcomes");
            return out.get(0);
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            String msg = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage().lines().findFirst().orElse("");
            return new TrialOutcome(spec.trial(), List.of(), 0, "Spark gave the trial up: " + msg, "Spark", 0);
        }
    }

    @Override
    public void close() {
        source.destroy();
        if (ownsContext) sc.stop();
    }
}
