package fer.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * A saved Keras model as it lies on disk: its architecture (the model config JSON) and its weights by layer name,
 * read from either file a Colab user has — a Keras 3 {@code .keras} archive (a zip of {@code config.json},
 * {@code metadata.json} and {@code model.weights.h5}) or a legacy HDF5 {@code .h5} ({@code model_config} and
 * {@code keras_version} attributes, weights under {@code model_weights/}). DL4J's {@code KerasModelImport} reads
 * neither as Keras 3 writes them (it rejects Sequential configs, fails on Keras 3's {@code inbound_nodes} and cannot
 * open a {@code .keras} zip), so the files are read here and {@link KerasNetwork} builds the graph.
 *
 * <p>Weights are keyed by layer name, each as its Keras roles ({@code kernel}, {@code bias}, {@code gamma},
 * {@code beta}, {@code moving_mean}, {@code moving_variance}) in Keras' layout. A {@code .keras} file stores a
 * layer's variables under a path made of snake-cased class names ({@code layers/functional/layers/conv2d_3/vars/0}),
 * not layer names: the same walk over the config that Keras' saver makes recovers which layer each path is.
 *
 * @param source       the file read
 * @param format       {@code "keras"} or {@code "h5"}
 * @param kerasVersion the Keras version that saved it, as the file says
 * @param config       the model config: {@code {"class_name": "Sequential"|"Functional"|"Model", "config": {...}}}
 * @param weights      per layer name, per role, the arrays as Keras stores them
 */
public record KerasModelFile(Path source, String format, String kerasVersion, JsonNode config,
                             Map<String, Map<String, INDArray>> weights) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads a {@code .keras} or {@code .h5} file; anything else is "not a Keras model", naming the file and why. */
    public static KerasModelFile read(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": no such file");
        byte[] magic = new byte[8];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(magic, 0, 8);
            if (n >= 4 && magic[0] == 'P' && magic[1] == 'K') return readKeras(file);
            if (n == 8 && (magic[0] & 255) == 0x89 && magic[1] == 'H' && magic[2] == 'D' && magic[3] == 'F') return readH5(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        throw notAModel(file, "neither a .keras archive (zip) nor an HDF5 .h5 file");
    }

    private static IllegalArgumentException notAModel(Path file, String why) {
        return new IllegalArgumentException(file + ": not a Keras model: " + why);
    }

    // ------------------------------------------------------------------ .keras

    private static KerasModelFile readKeras(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry config = zip.getEntry("config.json");
            ZipEntry weights = zip.getEntry("model.weights.h5");
            if (config == null || weights == null) {
                throw notAModel(file, "a zip without config.json and model.weights.h5 (a Keras 3 .keras archive has both)");
            }
            JsonNode cfg = JSON.readTree(zip.getInputStream(config));
            ZipEntry meta = zip.getEntry("metadata.json");
            String version = meta == null ? "unknown" : JSON.readTree(zip.getInputStream(meta)).path("keras_version").asText("unknown");
            checkModelConfig(file, cfg);
            Path h5 = Files.createTempFile("keras-weights", ".h5");
            try {
                try (InputStream in = zip.getInputStream(weights)) {
                    Files.copy(in, h5, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                Map<String, List<INDArray>> byPath = new HashMap<>();
                try (Hdf5Archive archive = new Hdf5Archive(h5.toString())) {
                    // the layers' variables; "optimizer/vars" (the training state) is not the model's
                    if (archive.getGroups().contains("layers")) collectVars(archive, new ArrayList<>(List.of("layers")), byPath);
                }
                Map<String, Map<String, INDArray>> byLayer = new LinkedHashMap<>();
                assignVars(file, cfg, "", byPath, byLayer);
                if (!byPath.isEmpty()) {
                    throw new IllegalArgumentException(file + ": weights of no layer in the config: " + byPath.keySet());
                }
                return new KerasModelFile(file, "keras", version, cfg, byLayer);
            } finally {
                Files.deleteIfExists(h5);
            }
        } catch (java.util.zip.ZipException e) {
            throw notAModel(file, "a damaged zip (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Every {@code .../vars/i} dataset group of the weights file, by its path (without {@code /vars}). */
    private static void collectVars(Hdf5Archive archive, List<String> path, Map<String, List<INDArray>> out) {
        String[] groups = path.toArray(String[]::new);
        if (!path.isEmpty() && path.get(path.size() - 1).equals("vars")) {
            List<String> names = archive.getDataSets(groups);
            if (names.isEmpty()) return;
            List<INDArray> vars = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                if (!names.contains(Integer.toString(i))) {
                    throw new IllegalArgumentException("weights group " + String.join("/", path) + ": expected datasets 0.." + (names.size() - 1) + ", found " + names);
                }
                vars.add(dataset(archive, Integer.toString(i), groups));
            }
            out.put(String.join("/", path.subList(0, path.size() - 1)), vars);
            return;
        }
        for (String g : archive.getGroups(groups)) {
            List<String> next = new ArrayList<>(path);
            next.add(g);
            collectVars(archive, next, out);
        }
    }

    /**
     * Keras' saver walks a Sequential's or Functional's {@code layers} in order and names each child by its snake-cased
     * class name, made unique with {@code _1}, {@code _2}, … per name ({@code saving_lib._save_container_state}).
     */
    private static void assignVars(Path file, JsonNode model, String prefix, Map<String, List<INDArray>> byPath,
                                   Map<String, Map<String, INDArray>> out) {
        Map<String, Integer> used = new HashMap<>();
        List<JsonNode> layers = new ArrayList<>();
        model.path("config").path("layers").forEach(layers::add);
        boolean sequential = model.path("class_name").asText().equals("Sequential");
        for (int i = 0; i < layers.size(); i++) {
            JsonNode layer = layers.get(i);
            String cls = layer.path("class_name").asText();
            // Sequential.layers leaves out the InputLayer its config starts with
            if (sequential && i == 0 && cls.equals("InputLayer")) continue;
            String key = snakeCase(cls);
            Integer n = used.get(key);
            used.put(key, n == null ? 0 : n + 1);
            String path = prefix + "layers/" + (n == null ? key : key + "_" + (n + 1));
            if (isModel(cls)) {
                assignVars(file, layer, path + "/", byPath, out);
                continue;
            }
            List<INDArray> vars = byPath.remove(path);
            if (vars == null) continue;
            String name = layerName(layer);
            if (out.containsKey(name)) throw new IllegalArgumentException(file + ": two layers named '" + name + "' (nested models): not supported");
            out.put(name, roles(file, name, cls, layer.path("config"), vars));
        }
    }

    /** The roles of a layer's variables in the order Keras creates them. */
    private static Map<String, INDArray> roles(Path file, String name, String cls, JsonNode cfg, List<INDArray> vars) {
        List<String> order = switch (cls) {
            case "BatchNormalization" -> {
                List<String> r = new ArrayList<>();
                if (cfg.path("scale").asBoolean(true)) r.add("gamma");
                if (cfg.path("center").asBoolean(true)) r.add("beta");
                r.add("moving_mean");
                r.add("moving_variance");
                yield r;
            }
            default -> cfg.path("use_bias").asBoolean(true) ? List.of("kernel", "bias") : List.of("kernel");
        };
        if (order.size() != vars.size()) {
            throw new IllegalArgumentException(file + ": layer '" + name + "' (" + cls + ") has " + vars.size()
                    + " weight arrays, expected " + order + "");
        }
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) m.put(order.get(i), vars.get(i));
        return m;
    }

    /** Keras' {@code naming.to_snake_case}: {@code GlobalAveragePooling2D} → {@code global_average_pooling2d}. */
    static String snakeCase(String name) {
        String s = name.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------ .h5

    private static KerasModelFile readH5(Path file) {
        try (Hdf5Archive archive = new Hdf5Archive(file.toString())) {
            if (!archive.hasAttribute("model_config")) {
                String what = archive.hasAttribute("layer_names")
                        ? "weights only (no model_config attribute: e.g. keras-applications' notop.h5 or save_weights output)"
                        : "an HDF5 file without the model_config attribute Keras' model.save writes";
                throw notAModel(file, what);
            }
            JsonNode cfg = JSON.readTree(archive.readAttributeAsJson("model_config"));
            checkModelConfig(file, cfg);
            String version = archive.hasAttribute("keras_version") ? archive.readAttributeAsString("keras_version") : "unknown";
            Map<String, Map<String, INDArray>> weights = new LinkedHashMap<>();
            if (archive.getGroups().contains("model_weights")) {
                for (String top : archive.getGroups("model_weights")) collectH5(file, archive, List.of("model_weights", top), weights);
            }
            return new KerasModelFile(file, "h5", version.strip(), cfg, weights);
        } catch (UnsupportedKerasConfigurationException | IOException e) {
            throw notAModel(file, "cannot read its model_config (" + e.getMessage() + ")");
        }
    }

    /**
     * Datasets below a layer's group, at any depth: {@code dense_1/kernel:0} (Keras 2),
     * {@code sequential/dense_3/kernel} or, for a nested model, {@code vgg16/block1_conv1/kernel} (Keras 3): the
     * layer is the group holding the dataset, the role its name without {@code :0}.
     */
    private static void collectH5(Path file, Hdf5Archive archive, List<String> path, Map<String, Map<String, INDArray>> out) {
        String[] groups = path.toArray(String[]::new);
        for (String d : archive.getDataSets(groups)) {
            String layer = path.get(path.size() - 1);
            String role = d.replaceFirst(":\\d+$", "");
            out.computeIfAbsent(layer, k -> new LinkedHashMap<>()).put(role, dataset(archive, d, groups));
        }
        for (String g : archive.getGroups(groups)) {
            List<String> next = new ArrayList<>(path);
            next.add(g);
            collectH5(file, archive, next, out);
        }
    }

    // ------------------------------------------------------------------ shared

    private static void checkModelConfig(Path file, JsonNode cfg) {
        String cls = cfg.path("class_name").asText("");
        if (!isModel(cls) || !cfg.path("config").path("layers").isArray()) {
            throw notAModel(file, "its config describes a '" + cls + "', not a Sequential or Functional model");
        }
    }

    static boolean isModel(String cls) {
        return cls.equals("Sequential") || cls.equals("Functional") || cls.equals("Model");
    }

    /** A layer's name: Keras 3 puts it beside the config, Keras 2 only inside. */
    static String layerName(JsonNode layer) {
        String n = layer.path("name").asText(null);
        return n != null ? n : layer.path("config").path("name").asText();
    }

    private static INDArray dataset(Hdf5Archive archive, String name, String[] groups) {
        try {
            return archive.readDataSet(name, groups).castTo(DataType.FLOAT);
        } catch (UnsupportedKerasConfigurationException e) {
            throw new IllegalArgumentException("cannot read dataset " + String.join("/", groups) + "/" + name + ": " + e.getMessage(), e);
        }
    }
}
