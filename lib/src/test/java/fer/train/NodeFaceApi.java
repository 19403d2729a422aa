package fer.train;

import fer.model.FaceApiPackage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * face-api itself under Node.js, the reference the imported network is checked against: the package
 * tarball plus TensorFlow.js 4.22.0 (the version face-api 1.7.15 was built with) installed with npm into
 * {@code environment/.cache/npm/node-reference/} (git-ignored, reused), without install scripts, so
 * nothing native is downloaded. Locally a missing Node.js/npm skips the caller; with {@code CI=true} it fails.
 */
final class NodeFaceApi {
    static final List<String> NPM_PACKAGES = List.of("@tensorflow/tfjs@4.22.0", "@tensorflow/tfjs-backend-wasm@4.22.0");
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeFaceApi() {}

    /** True on CI, where the reference must run. */
    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips the test (locally) or fails it (CI) with {@code why}. */
    static void unavailable(String why) {
        if (required()) throw new AssertionError("CI=true but the face-api Node.js reference cannot run: " + why);
        Assumptions.abort("face-api Node.js reference skipped: " + why);
    }

    /** The package tarball, fetched with npm when not cached. */
    static Path tarball() {
        Path cache = fer.Workspace.fromEnvironment().npmCache();
        if (FaceApiPackage.NPM.isCached(cache)) return FaceApiPackage.NPM.tarball(cache);
        if (!onPath("npm")) unavailable("no npm on PATH and " + FaceApiPackage.NPM.tarball(cache) + " not cached");
        try {
            return FaceApiPackage.NPM.fetch(cache);
        } catch (IllegalStateException e) {
            unavailable(e.getMessage());
            throw e;
        }
    }

    /** The folder whose node_modules hold face-api and TensorFlow.js, installing them on first use. */
    static Path install(Path tgz) {
        if (!onPath("node") || !onPath("npm")) unavailable("node or npm not on PATH");
        Path dir = fer.Workspace.fromEnvironment().npmCache().resolve("node-reference");
        Path marker = dir.resolve("installed.txt");
        String want = FaceApiPackage.TARBALL + " " + String.join(" ", NPM_PACKAGES);
        try {
            if (Files.isRegularFile(marker) && Files.readString(marker).strip().equals(want)) return dir;
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("package.json"), "{\"private\": true, \"description\": \"face-api reference for tests\"}\n");
            var cmd = new java.util.ArrayList<>(List.of("npm", "install", "--no-save", "--ignore-scripts", "--no-audit",
                    "--no-fund", "--loglevel=error"));
            cmd.addAll(NPM_PACKAGES);
            cmd.add(tgz.toAbsolutePath().toString());
            String out = run(cmd, dir, 10);
            Files.writeString(marker, want + "\n");
            if (!out.isBlank()) System.out.println("npm install: " + out.strip());
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot prepare " + dir, e);
        }
    }

    /**
     * Runs the reference script on the inputs {@code work/index.json} lists; returns, per input id, the
     * probabilities by face-api's label names.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Double>> predict(Path modules, Path work) throws IOException {
        Path script = work.resolve("faceapi-reference.cjs");
        try (InputStream in = NodeFaceApi.class.getResourceAsStream("/fer/model/faceapi-reference.cjs")) {
            if (in == null) throw new IllegalStateException("test resource fer/model/faceapi-reference.cjs missing");
            Files.write(script, in.readAllBytes());
        }
        run(List.of("node", script.toString(), work.toString()), work, 5, Map.of("NODE_PATH", modules.resolve("node_modules").toString()));
        Map<String, Object> out = JSON.readValue(work.resolve("node-output.json").toFile(), Map.class);
        if (!"cpu".equals(out.get("backend"))) throw new AssertionError("reference ran on backend " + out.get("backend") + ", expected cpu");
        Map<String, Map<String, Double>> byId = new java.util.LinkedHashMap<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) out.get("results")) {
            Map<String, Double> p = new java.util.LinkedHashMap<>();
            ((Map<String, Object>) r.get("probabilities")).forEach((k, v) -> p.put(k, ((Number) v).doubleValue()));
            byId.put((String) r.get("id"), p);
        }
        System.out.println("reference: face-api " + out.get("faceapi") + ", tfjs " + out.get("tfjs") + ", backend " + out.get("backend"));
        return byId;
    }

    private static String run(List<String> cmd, Path dir, int minutes) {
        return run(cmd, dir, minutes, Map.of());
    }

    /** Runs a command in {@code dir}; npm failures skip (locally) or fail (CI), others fail with the output. */
    static String run(List<String> cmd, Path dir, int minutes, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + ": did not finish in " + minutes + " min");
            }
            String text = new String(out);
            if (p.exitValue() != 0) {
                String msg = String.join(" ", cmd.subList(0, Math.min(3, cmd.size()))) + " failed (exit " + p.exitValue() + ") in " + dir + ":\n" + text;
                if (cmd.get(0).equals("npm")) unavailable(msg);
                throw new AssertionError(msg);
            }
            return text;
        } catch (IOException e) {
            unavailable(cmd.get(0) + " not runnable: " + e.getMessage());
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, exe))) return true;
        }
        return false;
    }
}
