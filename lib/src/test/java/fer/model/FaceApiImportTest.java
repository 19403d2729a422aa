package fer.model;

import static org.junit.jupiter.api.Assertions.*;

import fer.Workspace;
import fer.data.Emotion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The importer's parts that need no npm: weight decoding, label mapping, errors. (Node: FaceApiNodeAgreementTest.) */
class FaceApiImportTest {
    @Test
    void quantisedAndFloatWeightsDecodeAsTensorFlowJsDoes() {
        String manifest = """
                [{"paths": ["a.bin"], "weights": [
                  {"name": "q", "shape": [2, 2], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 0.5, "min": -1}},
                  {"name": "f", "shape": [3], "dtype": "float32"}]}]""";
        var groups = TfjsWeights.parseManifest(manifest.getBytes(StandardCharsets.UTF_8), "m.json");
        ByteBuffer b = ByteBuffer.allocate(4 + 12).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0).put((byte) 1).put((byte) 2).put((byte) 255).putFloat(1.5f).putFloat(-2f).putFloat(3.25f);
        Map<String, INDArray> w = TfjsWeights.decode(groups.get(0), b.array(), "a.bin");
        // q * scale + min
        assertArrayEquals(new float[] {-1f, -0.5f, 0f, 126.5f}, w.get("q").reshape(4).toFloatVector());
        assertArrayEquals(new long[] {2, 2}, w.get("q").shape());
        assertArrayEquals(new float[] {1.5f, -2f, 3.25f}, w.get("f").toFloatVector());

        var e = assertThrows(IllegalArgumentException.class,
                () -> TfjsWeights.decode(groups.get(0), java.util.Arrays.copyOf(b.array(), 10), "a.bin"));
        assertTrue(e.getMessage().contains("weight f") && e.getMessage().contains("offset 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TfjsWeights.decode(groups.get(0), java.util.Arrays.copyOf(b.array(), 20), "a.bin"));
        assertTrue(e.getMessage().contains("4 bytes left"), e.getMessage());
    }

    @Test
    void outputColumnsFollowTheProjectsClassOrder() {
        // zero weights: every logit is its fc bias; bias j for face-api label j gives softmax exp(j) / sum exp,
        // which must come out in the column of that label's emotion
        Map<String, INDArray> tf = zeroWeights();
        int n = FaceApiExpressionNet.FACEAPI_LABELS.size();
        double sum = 0;
        for (int j = 0; j < n; j++) {
            tf.get("fc/bias").putScalar(j, j);
            sum += Math.exp(j);
        }
        INDArray p = FaceApiExpressionNet.fromWeights(tf).outputSingle(Nd4j.rand(2, 3, 112, 112));
        for (int j = 0; j < n; j++) {
            Emotion e = FaceApiExpressionNet.emotionOf(FaceApiExpressionNet.FACEAPI_LABELS.get(j));
            assertEquals(Math.exp(j) / sum, p.getDouble(1, e.label()), 1e-6, FaceApiExpressionNet.FACEAPI_LABELS.get(j));
        }
        assertEquals(Emotion.FEAR, FaceApiExpressionNet.emotionOf("fearful"));
        assertEquals(3, FaceApiExpressionNet.faceApiColumnOfProjectClass()[Emotion.ANGRY.label()]);
    }

    @Test
    void missingOrExtraWeightsAreNamed() {
        Map<String, INDArray> tf = zeroWeights();
        tf.remove("dense2/conv3/pointwise_filter");
        var e = assertThrows(IllegalArgumentException.class, () -> FaceApiExpressionNet.fromWeights(tf));
        assertTrue(e.getMessage().contains("dense2/conv3/pointwise_filter"), e.getMessage());
        Map<String, INDArray> extra = zeroWeights();
        extra.put("dense4/conv0/bias", Nd4j.zeros(8));
        e = assertThrows(IllegalArgumentException.class, () -> FaceApiExpressionNet.fromWeights(extra));
        assertTrue(e.getMessage().contains("dense4/conv0/bias"), e.getMessage());
        Map<String, INDArray> wrong = zeroWeights();
        wrong.put("dense1/conv1/depthwise_filter", Nd4j.zeros(3, 3, 32, 1));
        e = assertThrows(IllegalArgumentException.class, () -> FaceApiExpressionNet.fromWeights(wrong));
        assertTrue(e.getMessage().contains("dense1/conv1/depthwise_filter"), e.getMessage());
    }

    @Test
    void setupFetchesTheVersionTheImporterExpects() throws Exception {
        String fer = Files.readString(Workspace.fromEnvironment().root().resolve("environment/fer"));
        assertTrue(fer.contains("'" + FaceApiPackage.NAME + "@" + FaceApiPackage.VERSION + "'"), "environment/fer's FACEAPI_PACKAGE");
        assertTrue(fer.contains("FACEAPI_TARBALL=" + FaceApiPackage.TARBALL), "environment/fer's FACEAPI_TARBALL");
    }

    /** Zero tensors of face-api's weight names and TensorFlow shapes (as its weights manifest lists them). */
    static Map<String, INDArray> zeroWeights() {
        Map<String, INDArray> w = new LinkedHashMap<>();
        int[] widths = {32, 64, 128, 256};
        int in = 3;
        for (int b = 0; b < 4; b++) {
            int out = widths[b];
            for (int k = 0; k < 4; k++) {
                String p = "dense" + b + "/conv" + k + "/";
                int cin = k == 0 ? in : out;
                if (b == 0 && k == 0) {
                    w.put(p + "filters", Nd4j.zeros(3, 3, 3, out));
                } else {
                    w.put(p + "depthwise_filter", Nd4j.zeros(3, 3, cin, 1));
                    w.put(p + "pointwise_filter", Nd4j.zeros(1, 1, cin, out));
                }
                w.put(p + "bias", Nd4j.zeros(out));
            }
            in = out;
        }
        w.put("fc/weights", Nd4j.zeros(256, 7));
        w.put("fc/bias", Nd4j.zeros(7));
        assertEquals(List.of("dense0/conv0/filters", "dense0/conv0/bias"), List.copyOf(w.keySet()).subList(0, 2));
        return w;
    }
}
