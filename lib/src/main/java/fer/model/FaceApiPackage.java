package fer.model;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The npm package {@code @vladmandic/face-api} (MIT), source of the real-face expression model: fetched by
 * {@code environment/fer setup} with {@code npm pack} into {@code environment/.cache/npm/} (git-ignored)
 * and read straight from that tarball. Nothing here needs npm once the tarball is cached.
 */
public final class FaceApiPackage {
    /** The npm package. */
    public static final String NAME = "@vladmandic/face-api";
    /** The version the importer was written and checked against. */
    public static final String VERSION = "1.7.15";
    /** Its licence (package.json and LICENSE). */
    public static final String LICENSE = "MIT";
    /** The package as a tarball in the npm cache: where it lies, fetching it ({@code npm pack}), reading it. */
    public static final NpmTarball NPM = new NpmTarball(NAME, VERSION, LICENSE, java.time.Duration.ofMinutes(5));
    /** The file {@code npm pack} writes. */
    public static final String TARBALL = NPM.fileName();
    /** The expression model's weights manifest inside the tarball (its shards sit beside it). */
    public static final String MANIFEST = "package/model/face_expression_model-weights_manifest.json";

    private static final String MODEL_DIR = "package/model/";

    private FaceApiPackage() {}

    /**
     * face-api's expression weights from the tarball, TensorFlow layout, by manifest name (dequantised).
     */
    public static Map<String, INDArray> expressionWeights(Path tgz) {
        byte[] manifest = NpmTarball.read(tgz, Set.of(MANIFEST)).get(MANIFEST);
        List<TfjsWeights.Group> groups = TfjsWeights.parseManifest(manifest, tgz + "!" + MANIFEST);
        Map<String, INDArray> weights = new LinkedHashMap<>();
        for (TfjsWeights.Group g : groups) {
            Set<String> shards = new LinkedHashSet<>();
            for (String p : g.paths()) shards.add(MODEL_DIR + p);
            Map<String, byte[]> bytes = NpmTarball.read(tgz, shards);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (String s : shards) all.writeBytes(bytes.get(s));
            weights.putAll(TfjsWeights.decode(g, all.toByteArray(), tgz + "!" + MODEL_DIR + g.paths()));
        }
        return weights;
    }
}
