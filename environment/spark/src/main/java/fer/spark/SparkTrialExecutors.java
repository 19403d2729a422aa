package fer.spark;

import fer.tune.TrialExecutor;
import fer.tune.TrialRunner;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code fer tune --spark MASTER}'s factory (registered for {@link java.util.ServiceLoader}): a Spark context on
 * MASTER with the settings below unless spark-submit or {@code -Dspark.*} properties set them.
 */
public final class SparkTrialExecutors implements TrialExecutor.Factory {
    /** What an executor JVM needs to train like the library's own JVMs (environment/jvm.flags, less -Xmx: Spark sets the heap). */
    public static final String EXECUTOR_FLAGS = "-Djava.awt.headless=true -Dorg.eclipse.deeplearning4j.helpers.disable=false"
            + " -Dorg.slf4j.simpleLogger.defaultLogLevel=warn";

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public TrialExecutor open(String master, String appName, TrialRunner runner) {
        return new SparkTrialExecutor(new JavaSparkContext(conf(master, appName)), runner.source(), true);
    }

    /** The context's settings: {@code spark.*} system properties (spark-submit's) first, then the search's defaults. */
    public static SparkConf conf(String master, String appName) {
        SparkConf c = new SparkConf(true).setMaster(master).setAppName(appName);
        // a lost or crashed task is tried again up to 4 times (Spark's default outside local mode, said here)
        c.setIfMissing("spark.task.maxFailures", "4");
        c.setIfMissing("spark.executor.extraJavaOptions", EXECUTOR_FLAGS);
        // huge pages for libnd4j's buffers: the biggest CPU speed-up measured (STACK-NOTES), read at process start
        c.setIfMissing("spark.executorEnv.GLIBC_TUNABLES", "glibc.malloc.hugetlb=1");
        c.setIfMissing("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        // each trial is one task; a task gets all the cores its executor slot has
        c.setIfMissing("spark.ui.showConsoleProgress", "false");
        return c;
    }
}
