package fer.train;

import fer.data.Emotion;
import fer.model.FaceApiExpressionNet;
import fer.model.FaceApiPackage;
import fer.model.InputPreprocessing;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;

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

    /** Where it is saved, importing it on first use, whether it is there. */
    public static final NpmModel MODEL = new NpmModel(NAME, "real-face model", FaceApiPackage.NPM, "face-api.unavailable", FaceApiModel::importAndSave);

    private FaceApiModel() {}

    /** Builds the network from a package tarball and saves it with its manifest in {@code modelsDir}. */
    public static Path importAndSave(Path tgz, Path modelsDir) {
        ComputationGraph net = FaceApiExpressionNet.fromWeights(FaceApiPackage.expressionWeights(tgz));
        return ModelStore.save(net, modelsDir, NAME, manifest(net, tgz));
    }

    static Map<String, Object> manifest(ComputationGraph net, Path tgz) {
        Map<String, Object> own = new LinkedHashMap<>();
        own.put("classes", Emotion.FER2013.stream().map(Enum::name).toList());
        own.put("model", Map.of("input", FaceApiExpressionNet.SIDE + "x" + FaceApiExpressionNet.SIDE + "x3"));
        own.put(InputPreprocessing.MANIFEST_KEY, FaceApiExpressionNet.PREPROCESSING.toManifest());
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("files", List.of("model/face_expression_model-weights_manifest.json", "model/face_expression_model.bin"));
        source.put("faceapi_labels", FaceApiExpressionNet.FACEAPI_LABELS);
        source.put("training_data", "publicly available datasets and images scraped from the web (face-api's TUTORIAL.md);"
                + " not this project's FER-2013 split");
        source.put("note", "face-api's FaceExpressionNet (uint8-quantised weights, dequantised); output columns"
                + " permuted from face-api's label order to FER-2013's");
        return MODEL.manifest(net, tgz, DATASET, own, source);
    }
}
