package fer.evaluate;

import fer.Progress;
import fer.data.SplitDataset;
import fer.train.StudyModels;
import fer.viz.Figures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * One saved model evaluated on one split: its plain predictions and, optionally, those averaged over a
 * test-time augmentation, with the classification report and confusion matrix of the plain ones
 * (what the report shows), saved under {@code runs/eval-MODEL-SPLIT/}.
 *
 * <pre>{@code
 * var e = ModelEvaluation.run(StudyModels.loadOrTrain(profile, Architecture.CUSTOM), data, Split.TEST, Tta.FLIP);
 * System.out.println(e.text());
 * e.save();
 * }</pre>
 *
 * @param tta predictions with test-time augmentation, or {@code null} when none was asked for
 */
public record ModelEvaluation(String model, String dataset, Split split, Predictions plain, Predictions tta) {

    /** Evaluates a saved model on {@code split} of {@code data} in batches of {@link Predictor#BATCH}, telling {@code progress}. */
    public static ModelEvaluation run(StudyModels.Saved model, SplitDataset data, Split split, Tta tta, Progress progress) {
        var images = split.images(data);
        if (images.size() == 0) throw new IllegalArgumentException(data.datasetName() + ": the " + split.id() + " split is empty");
        String trainedOn = model.datasetName();
        if (!model.manifest().isEmpty() && !trainedOn.equals(data.datasetName())) {
            progress.log("note: " + model.name() + " was trained on " + trainedOn + ", evaluated here on " + data.datasetName());
        }
        Predictions plain = Predictor.predict(model, images, split, Tta.NONE, Predictor.BATCH,
                progress.meter(model.name() + " on " + split.id(), "images"));
        Predictions withTta = tta == Tta.NONE ? null : Predictor.predict(model, images, split, tta, Predictor.BATCH,
                progress.meter(model.name() + " on " + split.id() + " with " + tta.id() + " TTA", "images"));
        return new ModelEvaluation(model.name(), data.datasetName(), split, plain, withTta);
    }

    public ClassificationReport report() {
        return plain.report();
    }

    public ConfusionMatrix confusionMatrix() {
        return plain.confusionMatrix();
    }

    public double accuracy() {
        return plain.accuracy();
    }

    /** "accuracy 0.587": the headline for the figures of this evaluation. */
    public String headline() {
        return String.format(Locale.ROOT, "accuracy %.3f", accuracy());
    }

    /** Provenance for the figures of this evaluation: its dataset and headline accuracy. */
    public Figures.Provenance provenance() {
        return Figures.Provenance.of(dataset).withHeadline(headline());
    }

    /** "custom-vgg16-quick on synthetic FER test (900 images): accuracy 0.612, with flip TTA 0.620". */
    public String summary() {
        return String.format(Locale.ROOT, "%s on %s %s (%d images): accuracy %.4f%s", model, dataset, split.id(), plain.size(),
                accuracy(), tta == null ? "" : String.format(Locale.ROOT, ", with %s TTA %.4f", tta.tta().id(), tta.accuracy()));
    }

    /** The summary line and the classification report, as {@code fer evaluate} prints them. */
    public String text() {
        return summary() + "\n\n" + report().text() + (tta == null ? ""
                : "\nwith " + tta.tta().id() + " test-time augmentation (" + tta.tta().views() + " views per image):\n\n" + tta.report().text());
    }

    /** {@code eval-MODEL-SPLIT}: the folder name under {@code runs/} this evaluation is saved in. */
    public String dirName() {
        return "eval-" + model + "-" + split.id();
    }

    /** Saves under {@code runs/eval-MODEL-SPLIT/} of {@code w}; returns the folder. */
    public Path save(fer.Workspace w) {
        return save(w.runs().resolve(dirName()));
    }

    /**
     * Writes the report (text, CSV, JSON in scikit-learn's {@code output_dict} shape), the confusion matrix
     * (CSV), every prediction (CSV) and {@code evaluation.json} (model, dataset, split, accuracies, files) to
     * {@code dir}; the same for the TTA predictions with a {@code -tta-KIND} suffix.
     */
    public Path save(Path dir) {
        try {
            Files.createDirectories(dir);
            write(dir, "report.txt", text());
            write(dir, "report.csv", report().csv());
            write(dir, "report.json", report().json());
            write(dir, "confusion-matrix.csv", confusionMatrix().csv());
            write(dir, "predictions.csv", plain.csv());
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("model", model);
            meta.put("dataset", dataset);
            meta.put("split", split.id());
            meta.put("images", plain.size());
            meta.put("classes", plain.classes().stream().map(e -> e.id()).toList());
            meta.put("accuracy", accuracy());
            if (tta != null) {
                String s = "-tta-" + tta.tta().id();
                write(dir, "report" + s + ".csv", tta.report().csv());
                write(dir, "report" + s + ".json", tta.report().json());
                write(dir, "predictions" + s + ".csv", tta.csv());
                meta.put("tta", Map.of("kind", tta.tta().id(), "views", tta.tta().views(), "accuracy", tta.accuracy()));
            }
            meta.put("created_utc", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            write(dir, "evaluation.json", new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(meta) + "\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the evaluation of " + model + " to " + dir + ": " + fer.FileErrors.cause(e), e);
        }
    }

    private static void write(Path dir, String name, String content) throws IOException {
        fer.AtomicFiles.writeString(dir.resolve(name), content);
    }

    /** Files {@link #save(Path)} writes (without the TTA ones). */
    public static final List<String> FILES = List.of("report.txt", "report.csv", "report.json", "confusion-matrix.csv",
            "predictions.csv", "evaluation.json");
}
