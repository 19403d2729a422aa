package fer.model;

import fer.data.ClassNames;
import fer.data.Emotion;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A Keras-trained model of the study made into a project model: the network ({@link KerasNetwork}) with its output
 * columns in the project's class order, and the manifest that tells {@code fer evaluate}, {@code fer explain},
 * {@code fer live}, {@code fer predict} and notebooks 05–07 how to use it: source file, Keras version, input shape,
 * the class order Keras trained with and how images were preprocessed ({@link InputPreprocessing#keras}).
 *
 * <p>Keras' {@code flow_from_directory} numbers classes by their folder names in alphabetical order (angry,
 * disgust, fear, happy, neutral, sad, surprise), not FER-2013's label order (neutral is label 6): that is the default
 * class order; another can be given by name.
 *
 * @param net      the network, output column {@code k} = {@code classes.get(k)}
 * @param classes  the project's class order of the output (FER-2013 label order)
 * @param manifest what {@code models/NAME.json} should hold
 */
public record KerasImport(ComputationGraph net, List<Emotion> classes, Map<String, Object> manifest) {
    /** The manifest's {@code "architecture"} of every imported Keras model. */
    public static final String ARCHITECTURE = "keras";

    /**
     * Imports {@code file} ({@code .keras} or {@code .h5}) as model {@code name}, its images preprocessed as {@code mode},
     * its output columns meaning {@code kerasClassOrder} (null: flow_from_directory's alphabetical order of the
     * FER-2013 classes, or of FER+'s for 8 outputs).
     */
    public static KerasImport of(Path file, String name, InputPreprocessing.KerasMode mode, List<Emotion> kerasClassOrder) {
        KerasModelFile keras = KerasModelFile.read(file);
        KerasNetwork.Imported imported = KerasNetwork.build(keras);
        List<Emotion> order = kerasClassOrder != null ? kerasClassOrder : alphabetical(imported.classes(), file);
        if (order.size() != imported.classes()) {
            throw new IllegalArgumentException(file + ": the model has " + imported.classes() + " outputs but " + order.size()
                    + " classes were named (" + order + ")");
        }
        if (order.stream().distinct().count() != order.size()) throw new IllegalArgumentException("classes named twice: " + order);
        List<Emotion> project = order.stream().sorted(Comparator.comparingInt(Emotion::label)).toList();
        int[] columns = project.stream().mapToInt(order::indexOf).toArray();
        permuteOutput(imported.net().getLayer(imported.outputLayer()), columns);
        InputPreprocessing prep = InputPreprocessing.keras(mode, imported.side(), imported.channels());

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("architecture", ARCHITECTURE);
        m.put("dataset", "trained in Keras (" + file.getFileName() + ")");
        m.put("classes", project.stream().map(Enum::name).toList());
        m.put("model", Map.of("input", imported.side() + "x" + imported.side() + "x" + imported.channels(),
                "layers", imported.layerNames().size()));
        m.put(InputPreprocessing.MANIFEST_KEY, prep.toManifest());
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("file", file.toAbsolutePath().normalize().toString());
        source.put("format", keras.format());
        source.put("keras_version", keras.kerasVersion());
        source.put("class_order", order.stream().map(Emotion::id).toList());
        source.put("preprocess", mode.id());
        source.put("output_layer", imported.outputLayer());
        source.put("note", "output columns permuted from the Keras class order to FER-2013's label order; images are read as"
                + " Keras' load_img does (Pillow nearest-neighbour resize, color_mode " + (imported.channels() == 3 ? "rgb" : "grayscale") + ")");
        m.put("source", source);
        m.put("weights", Map.of("source", "keras:" + file.getFileName(), "pretrained", true));
        m.put("parameters", Map.of("total", imported.net().numParams()));
        m.put("created_utc", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return new KerasImport(imported.net(), project, m);
    }

    /** Class names given on the command line ({@code angry,disgust,...}, any of {@link ClassNames}' spellings). */
    public static List<Emotion> parseClasses(String list) {
        List<Emotion> out = new ArrayList<>();
        for (String s : list.split(",")) {
            out.add(ClassNames.parse(s).orElseThrow(() -> new IllegalArgumentException("--classes: unknown class '" + s.trim()
                    + "' (expected names such as angry, disgust, fear, happy, sad, surprise, neutral, contempt)")));
        }
        return out;
    }

    private static List<Emotion> alphabetical(int outputs, Path file) {
        List<Emotion> classes = switch (outputs) {
            case 7 -> Emotion.FER2013;
            case 8 -> Emotion.FERPLUS;
            default -> throw new IllegalArgumentException(file + ": the model has " + outputs + " outputs: name its classes in"
                    + " output order with --classes (FER-2013 has 7, FER+ 8)");
        };
        return classes.stream().sorted(Comparator.comparing(e -> e.id().toLowerCase(Locale.ROOT))).toList();
    }

    private static void permuteOutput(Layer out, int[] columns) {
        INDArray w = out.getParam("W"), b = out.getParam("b");
        w.assign(w.getColumns(columns).dup());
        if (b != null) b.assign(b.reshape(1, b.length()).getColumns(columns).reshape(b.shape()).dup());
    }
}
