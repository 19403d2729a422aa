package fer.spark;

import static org.junit.jupiter.api.Assertions.*;

import fer.tune.HeadTrials;
import fer.tune.Search;
import fer.tune.SearchConfig;
import fer.tune.SearchProgress;
import fer.tune.SearchResult;
import fer.tune.SearchSpace;
import fer.tune.Strategy;
import fer.tune.TrialRecord;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster on loopback, started from Spark's own classes as {@code spark-class} would (a master
 * and two one-core workers, each its own JVM; the workers start executor JVMs): a small halving search runs on
 * it, one worker and its executor are killed with SIGKILL while that executor trains a trial, and the search
 * still ends with every trial exactly once in the log, the killed trial run again, and the same trials and best
 * configuration as the same search run locally. The master and workers are stopped by PID, pass or fail.
 */
@Tag("slow")
class StandaloneClusterTest {
    static final Path OUT = Path.of(System.getProperty("fer.spark.out", "target/spark-tests"));
    static final String SPARK_FLAGS = System.getProperty("fer.spark.jvm.flags", "");

    @Test
    void aHalvingSearchSurvivesAKilledWorker(@TempDir Path dir) throws Exception {
        HeadTrials heads = TestFeatures.heads(240, 16);
        // 4 configurations x 2 epochs, the best continues to 6 epochs: 5 trials, 12 epochs
        SearchConfig cfg = SearchConfig.of("cluster", SearchSpace.table2(), Strategy.HALVING, 4, 3, 21).withHalving(3, 2, 6);
        SearchResult local = Search.run(cfg, heads, dir.resolve("local"), SearchProgress.silent());

        // outside the @TempDir: JUnit warns for every link it deletes there
        Path home = sparkHome(OUT.resolve("spark-home"));
        int masterPort = freePort();
        String masterUrl = "spark://127.0.0.1:" + masterPort;
        List<Process> started = new ArrayList<>();
        Path masterLog = dir.resolve("master.log");
        ExecutorService driver = Executors.newSingleThreadExecutor();
        JavaSparkContext sc = null;
        StringBuilder report = new StringBuilder();
        try {
            Process master = start(home, masterLog, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(freePort()));
            started.add(master);
            waitFor(masterLog, "I have been elected leader", 1, master, 120);
            Process[] workers = new Process[2];
            for (int k = 0; k < 2; k++) {
                Path work = Files.createDirectories(dir.resolve("worker-" + k));
                workers[k] = start(home, dir.resolve("worker-" + k + ".log"), "org.apache.spark.deploy.worker.Worker",
                        "--host", "127.0.0.1", "--webui-port", String.valueOf(freePort()), "--cores", "1", "--memory", "3g",
                        "--work-dir", work.toString(), masterUrl);
                started.add(workers[k]);
            }
            waitFor(masterLog, "Registering worker", 2, master, 120);
            report.append("master pid ").append(master.pid()).append(", workers ").append(workers[0].pid()).append(" ")
                    .append(workers[1].pid()).append('\n');

            SparkConf conf = SparkTrialExecutors.conf(masterUrl, "StandaloneClusterTest")
                    .set("spark.ui.enabled", "false")
                    .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.executor.memory", "1g").set("spark.executor.cores", "1").set("spark.cores.max", "2")
                    .set("spark.executor.extraClassPath", directories())
                    .set("spark.executor.extraJavaOptions", SparkTrialExecutors.EXECUTOR_FLAGS + " " + SPARK_FLAGS
                            + " -Dorg.bytedeco.javacpp.maxbytes=2G -Dorg.bytedeco.javacpp.maxphysicalbytes=3G")
                    .set("spark.executorEnv.OMP_NUM_THREADS", "1");
            sc = new JavaSparkContext(conf);
            // both executors up before the first trial: else on a loaded machine worker 1's executor could train every
            // trial before worker 0's has started, and there would be nothing to kill (the driver counts as one)
            long up = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (sc.sc().statusTracker().getExecutorInfos().length < 3) {
                assertTrue(System.nanoTime() < up, "two executors did not register within 180 s:\n" + tail(masterLog));
                Thread.sleep(100);
            }
            Path markers = dir.resolve("markers");
            SlowHeads slow = new SlowHeads((HeadTrials.Features) heads.source(), 700, markers.toString());
            SparkTrialExecutor ex = new SparkTrialExecutor(sc, slow, false);
            Path searchDir = dir.resolve("cluster");
            Future<SearchResult> search = driver.submit(() -> Search.run(cfg, heads, ex, searchDir, SearchProgress.silent()));

            // kill worker 0 and its executor once that executor has started a trial (mid-trial: an epoch takes >= 700 ms)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            String killedMarker = null;
            while (killedMarker == null) {
                assertFalse(search.isDone(), "the search ended before worker 0's executor trained anything: " + (search.isDone() ? search.get() : ""));
                assertTrue(System.nanoTime() < deadline, "worker 0's executor started no trial within 240 s; markers: " + list(markers)
                        + "\nmaster log:\n" + tail(masterLog));
                Set<Long> pids = workers[0].descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
                for (String m : list(markers)) if (pids.contains(Long.parseLong(m.split("-")[1]))) killedMarker = m;
                Thread.sleep(50);
            }
            Thread.sleep(300);
            List<Long> killed = new ArrayList<>();
            workers[0].descendants().forEach(p -> {
                killed.add(p.pid());
                p.destroyForcibly();
            });
            killed.add(workers[0].pid());
            workers[0].destroyForcibly();
            assertTrue(workers[0].waitFor(30, TimeUnit.SECONDS));
            report.append("killed worker 0 and its executor (pids ").append(killed).append(") during ").append(killedMarker).append('\n');

            SearchResult onCluster = search.get(300, TimeUnit.SECONDS);
            SearchComparison.assertEachTrialEndedOnce(onCluster);
            double worst = SearchComparison.assertSameSearch(local, onCluster, 1e-6, OUT.resolve("local-vs-standalone.txt"));
            // the trial the kill interrupted ran again (Spark's second task attempt) and is logged as attempt 2
            String[] p = killedMarker.split("-");
            long seed = Long.parseLong(p[3]);
            int epochs = Integer.parseInt(p[5]);
            TrialRecord interrupted = onCluster.trials().stream().filter(t -> t.seed() == seed && t.epochs() == epochs).findFirst().orElseThrow();
            assertEquals(2, interrupted.attempt(), "the killed trial was retried once: " + interrupted);
            report.append(String.format(Locale.ROOT, "trial %d (config %d, rung %d) re-run as attempt %d; %d trials, best trial %d"
                    + " (%s), largest objective difference to the local search %.2e%n", interrupted.trial(), interrupted.config(),
                    interrupted.rung(), interrupted.attempt(), onCluster.trials().size(), onCluster.best().trial(),
                    onCluster.best().hyperparameters(), worst));
        } finally {
            driver.shutdownNow();
            if (sc != null) sc.stop();
            for (Process p : started) stop(p, report);
            Files.createDirectories(OUT);
            Files.writeString(OUT.resolve("standalone-cluster.txt"), report);
        }
        for (Process p : started) assertFalse(p.isAlive(), "pid " + p.pid() + " still running");
    }

    /** A SPARK_HOME as the worker's executor launcher expects it: a jars/ folder (links to this JVM's classpath jars). */
    static Path sparkHome(Path home) throws IOException {
        if (Files.exists(home)) {
            try (var old = Files.walk(home)) {
                for (Path f : old.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
            }
        }
        Path jars = Files.createDirectories(home.resolve("jars"));
        int i = 0;
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(e);
            if (!e.endsWith(".jar") || !Files.isRegularFile(p)) continue;
            Path link = jars.resolve(String.format(Locale.ROOT, "%03d-%s", i++, p.getFileName()));
            Files.createSymbolicLink(link, p.toAbsolutePath());
        }
        return home;
    }

    /** The classpath's folders (this module's and lib's classes), which jars/ cannot hold. */
    static String directories() {
        List<String> dirs = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) if (Files.isDirectory(Path.of(e))) dirs.add(e);
        return String.join(java.io.File.pathSeparator, dirs);
    }

    /** One of Spark's daemons in its own JVM, as sbin/start-master.sh and start-worker.sh run them through spark-class. */
    static Process start(Path home, Path log, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        for (String f : SPARK_FLAGS.split("\\s+")) if (!f.isBlank()) cmd.add(f);
        cmd.add("-cp");
        cmd.add(home.resolve("jars") + "/*" + java.io.File.pathSeparator + directories());
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return pb.start();
    }

    static void stop(Process p, StringBuilder report) {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        report.append("stopped pid ").append(p.pid()).append(p.isAlive() ? " (STILL ALIVE)" : "").append('\n');
    }

    static void waitFor(Path log, String text, int times, Process p, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String s = Files.exists(log) ? Files.readString(log) : "";
            int n = 0;
            for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + 1)) n++;
            if (n >= times) return;
            assertTrue(p.isAlive(), "pid " + p.pid() + " ended before '" + text + "' x" + times + ":\n" + tail(log));
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' x" + times + " in " + log + " within " + seconds + " s:\n" + tail(log));
            Thread.sleep(100);
        }
    }

    static List<String> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (var s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    static String tail(Path log) throws IOException {
        if (!Files.exists(log)) return "(no log)";
        List<String> l = Files.readAllLines(log);
        return String.join("\n", l.subList(Math.max(0, l.size() - 40), l.size()));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
