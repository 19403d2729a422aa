package fer.train;

import fer.Workspace;
import fer.data.Emotion;
import fer.model.FaceApiExpressionNet;
import fer.model.FaceApiPackage;
import fer.model.InputPreprocessing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The real-face expression model: face-api's FaceExpressionNet imported from its npm package and saved as
 * a regular project model, {@code models/faceapi-expression.zip} + {@code .json}, which
 * {@link StudyModels#load} and everything downstream use like the study's own models (classes in
 * FER-2013 order; {@link InputPreprocessing#fromManifest} tells how to prepare a face for it).
 */
public final class FaceApiModel {
    /** Model name under {@code models/}, and its manifest's {@code "architecture"}. */
    public static final String NAME = "faceapi-expression";
    /** What the manifest says about the training data. */
    public static final String DATASET = "real faces (face-api training data)";

    private FaceApiModel() {}

    /** {@code models/faceapi-expression.zip} (it may not exist yet). */
    public static Path zip(Workspace w) {
        return w.models().resolve(NAME + ".zip");
    }

    /**
     * The saved model, imported from the cached npm package first when the zip is missing; empty when the
     * package is not cached ({@link #availability()} says why). Throws when the cached package is unusable.
     */
    public static Optional<Path> ensureSaved(Workspace w) {
        Path zip = zip(w);
        if (Files.isRegularFile(zip) && Files.isRegularFile(w.models().resolve(NAME + ".json"))) return Optional.of(zip);
        if (!FaceApiPackage.isCached(w.npmCache())) return Optional.empty();
        return Optional.of(importAndSave(FaceApiPackage.tarball(w.npmCache()), w.models()));
    }

    /** The saved model loaded with its manifest, importing it first when needed; empty as {@link #ensureSaved}. */
    public static Optional<StudyModels.Saved> load(Workspace w) {
        return ensureSaved(w).map(StudyModels::load);
    }

    /**
     * One line for a notebook or the CLI: where the model is, or "real-face model unavailable: WHY".
     */
    public static String availability(Workspace w) {
        Path tgz = FaceApiPackage.tarball(w.npmCache());
        if (Files.isRegularFile(zip(w))) {
            return "real-face model: " + w.show(zip(w)) + " (" + FaceApiPackage.NAME + " " + FaceApiPackage.VERSION
                    + ", " + FaceApiPackage.LICENSE + ")";
        }
        if (Files.isRegularFile(tgz)) {
            return "real-face model: importable from " + w.show(tgz) + " (first use saves " + w.show(zip(w)) + ")";
        }
        return "real-face model unavailable: " + whyNotCached(w);
    }

    private static String whyNotCached(Workspace w) {
        Path reason = w.npmCache().resolve("face-api.unavailable");
        String rel = w.show(FaceApiPackage.tarball(w.npmCache()));
        try {
            if (Files.isRegularFile(reason)) {
                String why = Files.readString(reason).strip();
                if (!why.isEmpty()) return why + " (" + rel + " missing)";
            }
        } catch (IOException e) {
            // fall through to the generic reason: the note is only a hint
        }
        return rel + " missing: run environment/fer setup (it fetches " + FaceApiPackage.NAME + "@" + FaceApiPackage.VERSION
                + " with npm, which needs Node.js + npm and the npm registry)";
    }

    /** Builds the network from a package tarball and saves it with its manifest in {@code modelsDir}. */
    public static Path importAndSave(Path tgz, Path modelsDir) {
        ComputationGraph net = FaceApiExpressionNet.fromWeights(FaceApiPackage.expressionWeights(tgz));
        return ModelStore.save(net, modelsDir, NAME, manifest(net, tgz));
    }

    static Map<String, Object> manifest(ComputationGraph net, Path tgz) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", NAME);
        m.put("architecture", NAME);
        m.put("dataset", DATASET);
        m.put("classes", Emotion.FER2013.stream().map(Enum::name).toList());
        m.put("model", Map.of("input", FaceApiExpressionNet.SIDE + "x" + FaceApiExpressionNet.SIDE + "x3"));
        m.put(InputPreprocessing.MANIFEST_KEY, FaceApiExpressionNet.PREPROCESSING.toManifest());
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("package", FaceApiPackage.NAME);
        source.put("version", FaceApiPackage.VERSION);
        source.put("license", FaceApiPackage.LICENSE);
        source.put("files", List.of("model/face_expression_model-weights_manifest.json", "model/face_expression_model.bin"));
        source.put("tarball", tgz.getFileName().toString());
        source.put("faceapi_labels", FaceApiExpressionNet.FACEAPI_LABELS);
        source.put("training_data", "publicly available datasets and images scraped from the web (face-api's TUTORIAL.md);"
                + " not this project's FER-2013 split");
        source.put("note", "face-api's FaceExpressionNet (uint8-quantised weights, dequantised); output columns"
                + " permuted from face-api's label order to FER-2013's");
        m.put("source", source);
        m.put("license", FaceApiPackage.LICENSE);
        m.put("weights", Map.of("source", "npm:" + FaceApiPackage.NAME + "@" + FaceApiPackage.VERSION, "pretrained", true));
        m.put("parameters", Map.of("total", net.numParams()));
        m.put("git_commit", ModelStore.gitCommit());
        m.put("backend", Nd4j.getBackend().getClass().getSimpleName());
        m.put("created_utc", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return m;
    }
}
