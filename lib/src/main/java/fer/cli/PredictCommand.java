package fer.cli;

import fer.live.ExpressionClassifier;
import fer.live.ImagePredictions;
import fer.train.StudyModels;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fer predict}: a saved model's class probabilities for image files, each image read as its manifest says. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Class probabilities of a saved model (trained here or imported, e.g. with `fer import keras`) for images: "
                + "each image is one face, read and preprocessed as the model's manifest says.")
public final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true,
            description = "a name under models/, a path to a model .zip, or default | custom | small (the profile's study model)")
    String model;

    @Parameters(arity = "1..*", paramLabel = "IMAGE|DIR", description = "image files (PNG, JPEG, BMP) or folders (searched recursively)")
    List<Path> images;

    @Option(names = "--json", description = "one JSON object per image and line: {\"file\", \"top\", \"probabilities\": {class: p}}")
    boolean json;

    @picocli.CommandLine.Mixin StudyOptions options;

    @Option(names = "--batch", defaultValue = "64", description = "images per forward pass (default: ${DEFAULT-VALUE})")
    int batch;

    @Override
    public Integer call() {
        if (batch < 1) throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
        List<Path> files = ImagePredictions.imageFiles(images);
        StudyModels.Saved saved = StudyModels.load(StudyModels.find(model, options.study()));
        ExpressionClassifier classifier = ExpressionClassifier.of(saved);
        for (ImagePredictions.Prediction p : ImagePredictions.predict(classifier, files, batch)) {
            System.out.println(json ? p.json() : p.text());
        }
        return 0;
    }
}
