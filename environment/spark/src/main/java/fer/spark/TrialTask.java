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
        String gpu = bindGpu(t);
        String where = "executor " + SparkEnv.get().executorId() + " on " + SparkEnv.get().blockManager().blockManagerId().host()
                + " (pid " + ProcessHandle.current().pid() + ")" + gpu + (attempt > 0 ? ", task attempt " + (attempt + 1) : "");
        TrialOutcome out = LocalTrialExecutor.train(runner, spec, where, (h, secs) -> { });
        return new TrialOutcome(out.trial(), out.history(), out.seconds(), out.error(), where, attempt);
    }

    /**
     * With {@code spark.task.resource.gpu.amount=1}, the GPU Spark gave this task: ND4J's CUDA backend trains this
     * thread on it ({@code unsafeSetDevice}). Where the executor sees one device only (a container or YARN's
     * isolation gives it exactly its GPU) there is nothing to choose. Returns ", gpu N" for the progress lines.
     */
    static String bindGpu(TaskContext t) {
        if (t == null || !t.resources().contains("gpu")) return "";
        String[] addresses = t.resources().apply("gpu").addresses();
        if (addresses.length == 0) return "";
        int n = org.nd4j.linalg.factory.Nd4j.getAffinityManager().getNumberOfDevices();
        if (n <= 1) return ", gpu " + addresses[0];
        int device;
        try {
            device = Integer.parseInt(addresses[0].strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Spark gave this task GPU '" + addresses[0] + "', not a device number ND4J can use", e);
        }
        if (device >= n) {
            throw new IllegalStateException("Spark gave this task GPU " + device + " but ND4J sees " + n + " devices (0-" + (n - 1)
                    + "): the discovery script and CUDA_VISIBLE_DEVICES disagree");
        }
        org.nd4j.linalg.factory.Nd4j.getAffinityManager().unsafeSetDevice(device);
        return ", gpu " + device;
    }
}
