package fer.live;

import fer.data.Emotion;
import fer.engine.FrozenInference;
import fer.model.InputPreprocessing;
import fer.train.StudyModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A saved expression model ready for faces: the network, how a face crop becomes its input (from the
 * model's manifest, see {@link InputPreprocessing}) and its class order. All faces of a frame are
 * classified in one forward pass.
 */
public final class ExpressionClassifier {
    private final String name;
    private final String dataset;
    private final ComputationGraph net;
    private final InputPreprocessing input;
    private final List<Emotion> classes;
    /** The same network without DL4J's per-layer overhead (batch-1 latency 3.6 → ~1 ms for the small CNN); null when not covered. */
    private final FrozenInference frozen;

    public ExpressionClassifier(String name, String dataset, ComputationGraph net, InputPreprocessing input, List<Emotion> classes) {
        if (net.getNumOutputArrays() != 1) throw new IllegalArgumentException(name + ": expected one output, found " + net.getNumOutputArrays());
        this.name = name;
        this.dataset = dataset;
        this.net = net;
        this.input = input;
        this.classes = List.copyOf(classes);
        this.frozen = FrozenInference.of(net).model().orElse(null);
    }

    /** A model saved by the project ({@code models/NAME.zip} + manifest), the imported face-api model included. */
    public static ExpressionClassifier of(StudyModels.Saved saved) {
        InputPreprocessing prep = InputPreprocessing.fromManifest(saved.manifest());
        fer.model.InputFit.check(saved.net(), prep.side(), prep.channels(), saved.zip().toString());
        return new ExpressionClassifier(saved.name(), saved.datasetName(), saved.net(), prep, classes(saved.manifest()));
    }

    /** The manifest's {@code "classes"} (enum names in output order), FER-2013's seven when absent. */
    static List<Emotion> classes(Map<String, Object> manifest) {
        Object c = manifest.get("classes");
        if (!(c instanceof List<?> list)) return Emotion.FER2013;
        List<Emotion> out = new ArrayList<>();
        for (Object o : list) {
            try {
                out.add(Emotion.valueOf(o.toString().trim().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("manifest classes: expected names of fer.data.Emotion, found '" + o + "'");
            }
        }
        return out;
    }

    public String name() {
        return name;
    }

    /** The data the model was trained on ("synthetic FER", "real faces (face-api)", ...). */
    public String dataset() {
        return dataset;
    }

    public List<Emotion> classes() {
        return classes;
    }

    public InputPreprocessing input() {
        return input;
    }

    /** Class probabilities for each face crop (8-bit BGR or gray Mats), one forward pass for all. */
    public List<float[]> classify(List<Mat> faces) {
        if (faces.isEmpty()) return List.of();
        INDArray x = input.toBatchOfMats(faces);
        INDArray y = frozen != null ? frozen.output(x) : net.outputSingle(false, x);
        if (y.rank() != 2 || y.size(0) != faces.size() || y.size(1) != classes.size()) {
            throw new IllegalStateException(name + ": expected output [" + faces.size() + ", " + classes.size() + "], found "
                    + java.util.Arrays.toString(y.shape()));
        }
        float[][] m = y.toFloatMatrix();
        x.close();
        y.close();
        return List.of(m);
    }

    @Override
    public String toString() {
        return name + " (" + input.color().id() + " " + input.side() + "x" + input.side() + ", trained on " + dataset + ")";
    }
}
