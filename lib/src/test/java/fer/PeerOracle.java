package fer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The peer frameworks as test oracles: finds the peer venv's Python ({@link PeerPython}) and runs the oracle
 * scripts of {@code lib/src/test/python} with it. Without the venv a test is skipped with a message that says
 * what to run, except under {@code CI=true}, where it fails: there the reference must run.
 */
public final class PeerOracle {
    private PeerOracle() {}

    /** The folder of the oracle scripts. */
    public static Path scripts() {
        return Workspace.fromEnvironment().root().resolve("lib/src/test/python");
    }

    /** The peer Python, or the test is skipped (locally) / failed (CI) saying why. */
    public static Path python() {
        PeerPython peers = PeerPython.fromEnvironment(Workspace.fromEnvironment().root());
        return peers.find().orElseGet(() -> {
            String why = peers.whyMissing();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true but the Keras/TensorFlow oracle cannot run: " + why);
            }
            Assumptions.abort("Keras/TensorFlow oracle skipped: " + why);
            return null;
        });
    }

    /**
     * Runs {@code script} (a file of {@link #scripts()}) with {@code args} under the peer Python and returns its
     * standard output; a non-zero exit fails with the end of its output. TensorFlow gets 2 threads and a quiet log.
     */
    public static String run(String script, long timeoutSeconds, String... args) {
        List<String> cmd = new ArrayList<>(List.of(python().toString(), scripts().resolve(script).toString()));
        cmd.addAll(List.of(args));
        try {
            Path log = Files.createTempFile("peer-oracle", ".log");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
                pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
                pb.environment().put("TF_NUM_INTRAOP_THREADS", "2");
                pb.environment().put("TF_NUM_INTEROP_THREADS", "1");
                pb.environment().put("PYTHONHASHSEED", "0");
                pb.environment().remove("LD_PRELOAD");
                long t0 = System.nanoTime();
                Process p = pb.start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(script + " did not finish in " + timeoutSeconds + " s: " + tail(log));
                }
                String out = Files.readString(log, StandardCharsets.UTF_8);
                if (p.exitValue() != 0) throw new AssertionError(script + " exited " + p.exitValue() + ": " + tail(log));
                System.out.printf("peer oracle %s: %.1f s%n", script, (System.nanoTime() - t0) / 1e9);
                return out;
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + script, e);
        }
    }

    private static String tail(Path log) throws IOException {
        String s = Files.readString(log, StandardCharsets.UTF_8);
        return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
    }
}
