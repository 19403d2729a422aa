package fer.evaluate;

import fer.data.Emotion;
import fer.data.InMemoryImages;
import fer.viz.ImageGrid;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model's class probabilities for every image of a split, with the images and their true labels:
 * what the classification report, the confusion matrix and the sample grids (Figures 15, 16) are made of.
 * Class {@code c} of the probabilities is {@code images.classes().get(c)}.
 *
 * @param model         the model's name (e.g. {@code custom-vgg16-quick})
 * @param split         the part of the dataset
 * @param tta           the test-time augmentation the probabilities were averaged over
 * @param probabilities {@code size × classes} softmax outputs, image after image
 */
public record Predictions(String model, Split split, Tta tta, InMemoryImages images, float[] probabilities) {
    public Predictions {
        if (probabilities.length != (long) images.size() * images.classes().size()) {
            throw new IllegalArgumentException("expected " + images.size() + " × " + images.classes().size()
                    + " probabilities, found " + probabilities.length);
        }
    }

    public int size() {
        return images.size();
    }

    public List<Emotion> classes() {
        return images.classes();
    }

    /** The dataset the images come from ("synthetic FER", "FER-2013"). */
    public String datasetName() {
        return images.datasetName();
    }

    public int trueLabel(int i) {
        return images.label(i);
    }

    /** The most probable class (the first on a tie, as argmax everywhere). */
    public int predicted(int i) {
        int k = classes().size(), best = 0;
        for (int c = 1; c < k; c++) if (probabilities[i * k + c] > probabilities[i * k + best]) best = c;
        return best;
    }

    /** The probability of the predicted class. */
    public float confidence(int i) {
        return probability(i, predicted(i));
    }

    public float probability(int i, int c) {
        return probabilities[i * classes().size() + c];
    }

    public boolean correct(int i) {
        return predicted(i) == trueLabel(i);
    }

    /** Correct / all. */
    public double accuracy() {
        int n = 0;
        for (int i = 0; i < size(); i++) if (correct(i)) n++;
        return size() == 0 ? 0 : (double) n / size();
    }

    /** DL4J's evaluation of these predictions (the source of every count in the report and the matrix). */
    public Evaluation evaluation() {
        int k = classes().size();
        Evaluation eval = new Evaluation(classes().stream().map(Emotion::title).toList());
        if (size() == 0) return eval;
        INDArray labels = Nd4j.zeros(DataType.FLOAT, size(), k);
        for (int i = 0; i < size(); i++) labels.putScalar(i, trueLabel(i), 1f);
        INDArray probs = Nd4j.create(probabilities, new long[] {size(), k}, 'c');
        eval.eval(labels, probs);
        return eval;
    }

    public ClassificationReport report() {
        return ClassificationReport.of(evaluation(), classes());
    }

    public ConfusionMatrix confusionMatrix() {
        return ConfusionMatrix.of(evaluation(), classes());
    }

    /** Indices of the correctly ({@code correct = true}) or wrongly classified images. */
    public List<Integer> indices(boolean correct) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < size(); i++) if (correct(i) == correct) out.add(i);
        return out;
    }

    /** {@code n} correctly or wrongly classified images chosen at random (seeded), in the order drawn. */
    public List<Integer> sample(boolean correct, int n, long seed) {
        List<Integer> ids = indices(correct);
        Collections.shuffle(ids, new Random(seed));
        return List.copyOf(ids.subList(0, Math.min(n, ids.size())));
    }

    /** The {@code n} mistakes the model was most sure of: where wrong labels in the data show (report 7.3). */
    public List<Integer> mostConfidentMistakes(int n) {
        List<Integer> ids = indices(false);
        ids.sort(Comparator.comparingDouble((Integer i) -> -confidence(i)).thenComparingInt(i -> i));
        return List.copyOf(ids.subList(0, Math.min(n, ids.size())));
    }

    /**
     * A grid of the given images, {@code columns} per row, each captioned "true → predicted confidence"
     * ("happy 0.97" when they agree).
     */
    public BufferedImage grid(List<Integer> ids, int columns, int zoom) {
        if (ids.isEmpty()) throw new IllegalArgumentException("no images to show (" + model + " on " + split.id() + ")");
        ImageGrid grid = new ImageGrid(images.side()).zoom(zoom);
        for (int from = 0; from < ids.size(); from += columns) {
            List<byte[]> px = new ArrayList<>();
            List<String> captions = new ArrayList<>();
            for (int i : ids.subList(from, Math.min(ids.size(), from + columns))) {
                px.add(images.pixels(i));
                captions.add(caption(i));
            }
            grid.row("", px, captions);
        }
        return grid.render();
    }

    /** "sad → fear 0.83", or "happy 0.97" when the prediction is right. */
    public String caption(int i) {
        String t = classes().get(trueLabel(i)).id(), p = classes().get(predicted(i)).id();
        return String.format(Locale.ROOT, "%s %.2f", correct(i) ? t : t + " → " + p, confidence(i));
    }

    /** One line per image: index, source, true, predicted, confidence, correct, then each class's probability. */
    public String csv() {
        StringBuilder b = new StringBuilder("index,source,true,predicted,confidence,correct");
        for (Emotion e : classes()) b.append(",p_").append(e.id());
        b.append('\n');
        for (int i = 0; i < size(); i++) {
            String src = images.source(i);
            b.append(i).append(',').append(src.contains(",") || src.contains("\"") ? '"' + src.replace("\"", "\"\"") + '"' : src)
                    .append(',').append(classes().get(trueLabel(i)).id()).append(',').append(classes().get(predicted(i)).id())
                    .append(',').append(confidence(i)).append(',').append(correct(i));
            for (int c = 0; c < classes().size(); c++) b.append(',').append(probability(i, c));
            b.append('\n');
        }
        return b.toString();
    }
}
