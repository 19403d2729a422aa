package org.ferlab.browser;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code environment/fer lab} started exactly as a user starts it, on a scratch notebooks folder and a free
 * port, with Jupyter's config and runtime folders of its own (the user's must not leak in or be written).
 * {@link #close()} ends the server by its PID, then every process left that carries this server's scratch
 * {@code FER_NOTEBOOKS_DIR} in its environment (a kernel a UI restart started was once seen re-parented to
 * init), and nothing else.
 */
final class FerLab implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("fer.project.root", "../..")).toAbsolutePath().normalize();

    final Path notebooks;
    final Path configDir;
    final String baseUrl;
    final String token;
    /** The URL the server printed, with its token: what a user opens. */
    final String url;
    private final Process process;
    private final StringBuilder log = new StringBuilder();

    /**
     * Starts the server; {@code extraEnv} is added to its environment (e.g. {@code FER_PYTHON}), {@code
     * extraArgs} go to Jupyter after fer's own. Returns once the server printed its URL with a token.
     */
    FerLab(Path notebooks, Map<String, String> extraEnv, String... extraArgs) throws Exception {
        this.notebooks = notebooks;
        this.configDir = Files.createTempDirectory("fer-browser-jcfg");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("environment/fer").toString(), "lab",
                "--no-browser", "--ip=127.0.0.1", "--port=" + port, "--port-retries=0"));
        cmd.addAll(Arrays.asList(extraArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("FER_NOTEBOOKS_DIR", notebooks.toString());
        env.put("FER_PROFILE", "quick");
        env.put("JUPYTER_CONFIG_DIR", configDir.toString());
        env.put("JUPYTER_RUNTIME_DIR", Files.createTempDirectory("fer-browser-jrt").toString());
        env.putAll(extraEnv);
        process = pb.start();
        CompletableFuture<String> printed = new CompletableFuture<>();
        // JupyterLab prints .../lab?token=..., the classic notebook .../?token=...
        Pattern withToken = Pattern.compile("(http://127\\.0\\.0\\.1:" + port + "/\\S*\\?token=([0-9a-f]+))");
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (log) { log.append(line).append('\n'); }
                    Matcher m = withToken.matcher(line);
                    if (m.find()) printed.complete(m.group(1));
                }
            } catch (IOException ignored) {
                // process ended
            }
            printed.complete(null);
        }, "fer-lab-output");
        reader.setDaemon(true);
        reader.start();
        String u = printed.get(300, TimeUnit.SECONDS); // set-up (a pip install on a fresh machine) comes first
        assertNotNull(u, "fer lab printed no URL with a token; its output:\n" + log());
        Matcher m = withToken.matcher(u);
        m.find();
        url = u;
        token = m.group(2);
        baseUrl = "http://127.0.0.1:" + port;
    }

    /** Everything the server printed so far (fer's own lines, then Jupyter's log). */
    String log() {
        synchronized (log) { return log.toString(); }
    }

    @Override
    public void close() throws Exception {
        process.destroy(); // SIGTERM: the server shuts its kernels down
        if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly();
        killProcessesWithEnv("FER_NOTEBOOKS_DIR=" + notebooks);
    }

    /** Ends every process whose environment holds {@code entry} (Linux /proc); nothing elsewhere. */
    static void killProcessesWithEnv(String entry) throws InterruptedException {
        List<ProcessHandle> left = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                String name = d.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                try {
                    String env = new String(Files.readAllBytes(d.resolve("environ")), StandardCharsets.UTF_8);
                    if (Arrays.asList(env.split("\u0000")).contains(entry)) {
                        ProcessHandle.of(Long.parseLong(name)).ifPresent(left::add);
                    }
                } catch (IOException | RuntimeException gone) {
                    // ended meanwhile, or not ours to read
                }
            }
        } catch (IOException e) {
            return; // no /proc: nothing to sweep
        }
        left.remove(ProcessHandle.current());
        left.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : left) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                h.destroyForcibly();
            }
        }
    }

    /** Copies the study's notebooks (NN-*.ipynb) into a new scratch folder, so the committed ones stay output-free. */
    static Path scratchNotebooks() throws IOException {
        Path scratch = Files.createTempDirectory("fer-browser-notebooks");
        try (var s = Files.list(ROOT.resolve("notebooks"))) {
            for (Path nb : s.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.ipynb")).toList()) {
                Files.copy(nb, scratch.resolve(nb.getFileName()));
            }
        }
        return scratch;
    }
}
