package fer.cli;

import static org.junit.jupiter.api.Assertions.*;

import fer.OracleImages;
import fer.PeerOracle;
import fer.data.Emotion;
import fer.model.InputPreprocessing;
import fer.train.StudyModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * {@code fer import keras} and {@code fer predict} against Keras' own {@code predict}: Keras trains the report's
 * custom model (VGG16 base + GAP + Dense 4096/1024 + softmax, full size) a few steps on FER-style class folders with
 * the report's {@code ImageDataGenerator(rescale=1/255)}, and a default model (a Sequential around a nested VGG16,
 * Flatten, softmax) on VGG16's caffe preprocessing; both are saved as Keras 3 {@code .keras}, the custom one also as
 * legacy {@code .h5}. Imported with the CLI, each must give Keras' top class and probabilities within 1e-4 on 54
 * images (30 gray 48×48 PNG faces, 24 RGB JPEG photos of 64–300 pixels, which both sides shrink with Pillow's
 * nearest neighbour).
 */
class KerasImportAgreementTest {
    static final double TOLERANCE = 1e-4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void importedModelsPredictWhatKerasPredicts(@TempDir Path dir) throws IOException {
        OracleImages.classFolders(dir.resolve("train"), 6);
        Path images = dir.resolve("images");
        List<Path> files = new ArrayList<>(OracleImages.grayFaces(images, 30));
        files.addAll(OracleImages.colourPhotos(images, 24));
        assertTrue(files.size() >= 50);
        Path keras = dir.resolve("keras");
        PeerOracle.run("keras_oracle.py", 600, "predict", "--train", dir.resolve("train").toString(), "--images", images.toString(),
                "--out", keras.toString(), "--seed", "19");
        JsonNode ref = JSON.readTree(keras.resolve("predict.json").toFile());
        List<String> names = new ArrayList<>();
        ref.path("files").forEach(f -> names.add(f.asText()));
        assertEquals(files.stream().map(p -> p.getFileName().toString()).sorted().toList(), names);
        // Keras' column -> class, from flow_from_directory's class_indices (folder names, alphabetical)
        Map<Integer, Emotion> kerasColumn = new HashMap<>();
        ref.path("class_indices").fields().forEachRemaining(e -> kerasColumn.put(e.getValue().asInt(),
                fer.data.ClassNames.parse(e.getKey()).orElseThrow()));

        Path models = dir.resolve("models");
        record Case(String file, String name, String preprocess, String reference) {}
        List<Case> cases = List.of(new Case("custom.keras", "keras-custom", "rescale", "custom"),
                new Case("custom.h5", "keras-custom-h5", "rescale", "custom"),
                new Case("default-caffe.keras", "keras-default-caffe", "caffe", "default_caffe"));
        for (Case c : cases) {
            Cli imp = cli("import", "keras", keras.resolve(c.file()).toString(), "--name", c.name(), "--preprocess", c.preprocess(),
                    "--out", models.toString());
            assertEquals(0, imp.code(), imp.err());
            Map<String, Object> manifest = StudyModels.load(models.resolve(c.name() + ".zip")).manifest();
            assertEquals(Emotion.FER2013.stream().map(Enum::name).toList(), manifest.get("classes"), "project class order");
            assertEquals(InputPreprocessing.keras(InputPreprocessing.KerasMode.parse(c.preprocess()), 48, 3),
                    InputPreprocessing.fromManifest(manifest), c.name() + ": preprocessing");
            assertEquals(ref.path("keras").asText(), ((Map<?, ?>) manifest.get("source")).get("keras_version"));

            Cli predict = cli("predict", "--model", models.resolve(c.name() + ".zip").toString(), "--json", images.toString());
            assertEquals(0, predict.code(), predict.err());
            List<String> lines = predict.out().lines().toList();
            assertEquals(names.size(), lines.size(), "one JSON line per image");
            double worst = 0, topMin = 1, topMax = 0;
            int agree = 0;
            java.util.Set<String> tops = new java.util.TreeSet<>();
            for (int i = 0; i < lines.size(); i++) {
                JsonNode line = JSON.readTree(lines.get(i));
                assertEquals(names.get(i), Path.of(line.path("file").asText()).getFileName().toString(), "files in sorted order");
                JsonNode kp = ref.path(c.reference()).get(i);
                int kerasTop = 0;
                for (int k = 0; k < kp.size(); k++) {
                    Emotion e = kerasColumn.get(k);
                    double ours = line.path("probabilities").path(e.id()).asDouble(Double.NaN);
                    worst = Math.max(worst, Math.abs(ours - kp.get(k).asDouble()));
                    if (kp.get(k).asDouble() > kp.get(kerasTop).asDouble()) kerasTop = k;
                }
                assertEquals(kerasColumn.get(kerasTop).id(), line.path("top").asText(), c.name() + " " + names.get(i) + ": top class");
                agree++;
                tops.add(line.path("top").asText());
                topMin = Math.min(topMin, kp.get(kerasTop).asDouble());
                topMax = Math.max(topMax, kp.get(kerasTop).asDouble());
            }
            System.out.printf("%s (%s, %s): %d images, top-1 identical on %d, max |p_java - p_keras| = %.2e; top classes %s,"
                    + " top probability %.3f-%.3f%n", c.name(), c.file(), c.preprocess(), lines.size(), agree, worst, tops, topMin, topMax);
            // fer evaluate's path (Predictor, batches of a dataset's gray 48x48 faces) prepares them as the manifest says too
            double worstEval = evaluatePath(StudyModels.load(models.resolve(c.name() + ".zip")), names, images, ref.path(c.reference()), kerasColumn);
            System.out.printf("%s through fer evaluate's Predictor on the %d gray faces: max |p_java - p_keras| = %.2e%n", c.name(),
                    names.stream().filter(n -> n.endsWith(".png")).count(), worstEval);
            assertTrue(worstEval <= TOLERANCE, c.name() + " via Predictor: max |p_java - p_keras| = " + worstEval);
            // a model that gives every image the same answer would make top-1 agreement say little
            assertTrue(tops.size() >= 2, c.name() + ": Keras' model should not give every image the same class: " + tops);
            assertTrue(worst <= TOLERANCE, c.name() + ": max |p_java - p_keras| = " + worst + " > " + TOLERANCE);
        }

        // what cannot be imported: one line naming the layer and its class, or saying it is no model; exit 2
        Cli odd = cli("import", "keras", keras.resolve("unsupported.keras").toString(), "--out", models.toString());
        assertEquals(2, odd.code(), odd.out() + odd.err());
        assertEquals(1, odd.err().strip().lines().count(), odd.err());
        assertTrue(odd.err().contains("layer 'layer_norm' (LayerNormalization) is not supported"), odd.err());
        Path text = Files.writeString(dir.resolve("notes.h5"), "no model here\n");
        Cli none = cli("import", "keras", text.toString(), "--out", models.toString());
        assertEquals(2, none.code());
        assertEquals("fer: " + text + ": not a Keras model: neither a .keras archive (zip) nor an HDF5 .h5 file", none.err().strip());
        Cli missing = cli("predict", "--model", models.resolve("keras-custom.zip").toString(), dir.resolve("nothing-here").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nothing-here: no such file or folder"), missing.err());
    }

    /** The gray PNG faces as an in-memory dataset through {@link fer.evaluate.Predictor}: the worst |p − Keras' p|. */
    static double evaluatePath(StudyModels.Saved saved, List<String> names, Path images, JsonNode keras, Map<Integer, Emotion> kerasColumn)
            throws IOException {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) if (names.get(i).endsWith(".png")) rows.add(i);
        byte[] pixels = new byte[rows.size() * 48 * 48];
        for (int r = 0; r < rows.size(); r++) {
            var img = javax.imageio.ImageIO.read(images.resolve(names.get(rows.get(r))).toFile());
            byte[] px = (byte[]) img.getRaster().getDataElements(0, 0, 48, 48, null);
            System.arraycopy(px, 0, pixels, r * 48 * 48, px.length);
        }
        var data = new fer.data.InMemoryImages("oracle faces", 48, Emotion.FER2013, pixels, new int[rows.size()],
                rows.stream().map(names::get).toArray(String[]::new));
        var p = fer.evaluate.Predictor.predict(saved, data, fer.evaluate.Split.TEST, fer.evaluate.Tta.NONE, 16,
                fer.Progress.NONE.meter("", ""));
        double worst = 0;
        for (int r = 0; r < rows.size(); r++) {
            JsonNode kp = keras.get(rows.get(r));
            for (int k = 0; k < kp.size(); k++) {
                worst = Math.max(worst, Math.abs(p.probability(r, kerasColumn.get(k).label()) - kp.get(k).asDouble()));
            }
        }
        return worst;
    }

    record Cli(int code, String out, String err) {}

    static Cli cli(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = FerCli.run(args);
            return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
