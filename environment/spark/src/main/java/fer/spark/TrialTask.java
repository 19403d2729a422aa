package fer.spark;

import fer.tune.LocalTrialExecutor;
import fer.tune.TrialOutcome;
import fer.tune.TrialRunner;
import fer.tune.TrialRunnerSource;
import fer.tune.TrialSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/** A Spark task's work: train one trial with this JVM's runner for the broadcast source. */
final class TrialTask implements Function<TrialSpec, TrialOutcome> {
    /** One runner per source per executor JVM (a cache: building one may load data; trials only read it). */
    private static final Map<String, TrialRunner> RUNNERS = new ConcurrentHashMap<>();

    private final Broadcast<TrialRunnerSource> source;

    TrialTask(Broadcast<TrialRunnerSource> source) {
        this.source = source;
    }

    @Override
    public TrialOutcome call(TrialSpec spec) throws Exception {
        TrialRunnerSource s = source.value();
        TrialRunner runner = RUNNERS.get(s.key());
        if (runner == null) {
            synchronized (RUNNERS) {
                runner = RUNNERS.get(s.key());
                if (runner == null) {
                    runner = s.open();
                    RUNNERS.put(s.key(), runner);
                }
            }
        }
        TaskContext t = TaskContext.get();
        int attempt = t == null ? 0 : t.attemptNumber();
        String where = "executor " + SparkEnv.get().executorId() + " on " + SparkEnv.get().blockManager().blockManagerId().host()
                + " (pid " + ProcessHandle.current().pid() + ")" + (attempt > 0 ? ", task attempt " + (attempt + 1) : "");
        TrialOutcome out = LocalTrialExecutor.train(runner, spec, where, (h, secs) -> { });
        return new TrialOutcome(out.trial(), out.history(), out.seconds(), out.error(), where, attempt);
    }
}
