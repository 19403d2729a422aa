package fer.train;

import static org.junit.jupiter.api.Assertions.*;

import fer.data.Emotion;
import fer.model.FaceApiExpressionNet;
import fer.model.FaceApiPackage;
import fer.model.NpmTarball;
import fer.model.InputPreprocessing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The imported network against face-api's own FaceExpressionNet running in Node.js (TensorFlow.js CPU
 * backend), on faces OpenCV's Haar cascade finds in the package's demo photos. Each face goes to Node twice:
 * as the raw crop (face-api pads, resizes and normalises it itself, so {@link InputPreprocessing} is checked
 * too) and as the 112×112 pixels Java prepared (the network alone). Same top class and probabilities
 * within 1e-4 are required, label by face-api's own names.
 */
class FaceApiNodeAgreementTest {
    static final double TOLERANCE = 1e-4;
    private static final int FACES_PER_PHOTO = 3;

    @Test
    void importedNetworkAgreesWithFaceApiInNode(@TempDir Path work) throws IOException {
        Path tgz = NodeFaceApi.tarball();
        Path modules = NodeFaceApi.install(tgz);

        Path zip = FaceApiModel.importAndSave(tgz, work.resolve("models"));
        StudyModels.Saved saved = StudyModels.load(zip);
        assertNull(saved.architecture(), "an imported model is none of the study's architectures");
        assertEquals(Emotion.FER2013.stream().map(Enum::name).toList(), saved.manifest().get("classes"));
        InputPreprocessing prep = InputPreprocessing.fromManifest(saved.manifest());
        assertEquals(FaceApiExpressionNet.PREPROCESSING, prep);

        List<Face> faces = detectFaces(tgz);
        assertTrue(faces.size() >= 8, "the Haar cascade should find faces in face-api's demo photos; found " + faces.size());

        // Java: every face of every photo in one batch, as the live demo classifies a frame's faces
        INDArray probs = saved.net().outputSingle(prep.toBatchOfMats(faces.stream().map(Face::crop).toList()));

        Path io = Files.createDirectories(work.resolve("io"));
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (Face f : faces) {
            inputs.add(writeInput(io, f.id() + "-crop", interleavedRgb(f.crop()), f.crop().rows(), f.crop().cols()));
            float[][] planes = prep.resizedPlanes(f.crop());
            inputs.add(writeInput(io, f.id() + "-112", interleave(planes), prep.side(), prep.side()));
        }
        new ObjectMapper().writeValue(io.resolve("index.json").toFile(), Map.of("inputs", inputs));
        Map<String, Map<String, Double>> node = NodeFaceApi.predict(modules, io);

        double worst = 0;
        List<String> report = new ArrayList<>();
        report.add(String.format("%-14s %-22s %-10s %-10s %-10s %12s %12s", "face", "box (x,y,w,h)", "java top", "node top",
                "node top*", "max|d| crop", "max|d| 112"));
        for (int i = 0; i < faces.size(); i++) {
            Face f = faces.get(i);
            double[] java = probs.getRow(i).toDoubleVector();
            Emotion javaTop = Emotion.ofLabel(argmax(java));
            double[] diff = new double[2];
            Emotion[] nodeTop = new Emotion[2];
            String[] modes = {"-crop", "-112"};
            for (int m = 0; m < 2; m++) {
                Map<String, Double> p = node.get(f.id() + modes[m]);
                assertNotNull(p, "no Node result for " + f.id() + modes[m]);
                assertEquals(FaceApiExpressionNet.FACEAPI_LABELS, List.copyOf(p.keySet()), "face-api's label order");
                double best = -1;
                for (var e : p.entrySet()) {
                    Emotion emotion = FaceApiExpressionNet.emotionOf(e.getKey());
                    diff[m] = Math.max(diff[m], Math.abs(java[emotion.label()] - e.getValue()));
                    if (e.getValue() > best) {
                        best = e.getValue();
                        nodeTop[m] = emotion;
                    }
                }
            }
            worst = Math.max(worst, Math.max(diff[0], diff[1]));
            report.add(String.format("%-14s %-22s %-10s %-10s %-10s %12.2e %12.2e", f.id(), f.box(), javaTop.id(),
                    nodeTop[0].id(), nodeTop[1].id(), diff[0], diff[1]));
            for (int m = 0; m < 2; m++) {
                assertEquals(nodeTop[m], javaTop, f.id() + modes[m] + ": top class");
                assertTrue(diff[m] <= TOLERANCE, f.id() + modes[m] + ": max |p_java - p_node| = " + diff[m] + " > " + TOLERANCE);
            }
        }
        report.add(String.format("faces %d, max |p_java - p_node| over all faces and both inputs: %.2e (tolerance %.0e);"
                + " crop = Node prepares the raw crop, 112 = Node gets Java's 112x112 pixels; * = on the 112 input", faces.size(), worst, TOLERANCE));
        String text = String.join("\n", report);
        System.out.println(text);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "faceapi-node-agreement.txt"), text + "\n");
    }

    /** A face crop (a region of its photo's Mat) and where it came from. */
    record Face(String id, String box, Mat crop) {}

    /** Up to {@link #FACES_PER_PHOTO} largest Haar-cascade faces per demo photo, cropped taller than wide. */
    static List<Face> detectFaces(Path tgz) {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 1; i <= 6; i++) names.add("package/demo/sample" + i + ".jpg");
        Map<String, byte[]> photos = new LinkedHashMap<>(NpmTarball.read(tgz, names));
        String cascadePath = "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";
        CascadeClassifier cascade;
        try {
            cascade = new CascadeClassifier(Loader.cacheResource(cascadePath).getAbsolutePath());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Haar cascade " + cascadePath + " not in the OpenCV jar", e);
        }
        List<Face> faces = new ArrayList<>();
        for (String name : names) {
            Mat photo = opencv_imgcodecs.imdecode(new Mat(new BytePointer(photos.get(name))), opencv_imgcodecs.IMREAD_COLOR);
            assertFalse(photo.empty(), name + ": not decodable");
            double f = 640.0 / photo.cols();
            Mat gray = new Mat(), small = new Mat();
            opencv_imgproc.cvtColor(photo, gray, opencv_imgproc.COLOR_BGR2GRAY);
            opencv_imgproc.resize(gray, small, new Size(640, (int) Math.round(photo.rows() * f)), 0, 0, opencv_imgproc.INTER_AREA);
            RectVector found = new RectVector();
            cascade.detectMultiScale(small, found, 1.1, 5, 0, new Size(24, 24), new Size());
            List<Rect> rects = new ArrayList<>();
            for (long i = 0; i < found.size(); i++) rects.add(new Rect(found.get(i)));
            rects.sort(Comparator.comparingInt((Rect r) -> r.width() * r.height()).reversed());
            for (int k = 0; k < Math.min(FACES_PER_PHOTO, rects.size()); k++) {
                Rect r = rects.get(k);
                // the box in full resolution, widened 10% and made 35% taller: a non-square crop, so padding matters
                int w = (int) Math.round(r.width() / f), h = (int) Math.round(r.height() / f);
                int x0 = Math.max(0, (int) Math.round(r.x() / f - 0.1 * w)), y0 = Math.max(0, (int) Math.round(r.y() / f - 0.2 * h));
                int x1 = Math.min(photo.cols(), x0 + (int) Math.round(1.2 * w)), y1 = Math.min(photo.rows(), y0 + (int) Math.round(1.35 * h));
                Rect box = new Rect(x0, y0, x1 - x0, y1 - y0);
                String id = name.replaceAll(".*sample(\\d+)\\.jpg", "s$1") + "-f" + k;
                faces.add(new Face(id, x0 + "," + y0 + "," + (x1 - x0) + "," + (y1 - y0), photo.apply(box)));
            }
        }
        return faces;
    }

    private static Map<String, Object> writeInput(Path dir, String id, float[] hwc, int height, int width) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(hwc.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(hwc);
        Files.write(dir.resolve(id + ".f32"), b.array());
        return Map.of("id", id, "file", id + ".f32", "height", height, "width", width);
    }

    /** A BGR crop as RGB floats 0–255, row-major [h, w, 3] (TensorFlow's image layout). */
    private static float[] interleavedRgb(Mat bgr) {
        int w = bgr.cols(), h = bgr.rows();
        float[] out = new float[w * h * 3];
        byte[] row = new byte[w * 3];
        for (int y = 0; y < h; y++) {
            bgr.ptr(y).get(row, 0, row.length);
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) out[(y * w + x) * 3 + c] = row[x * 3 + 2 - c] & 255;
            }
        }
        return out;
    }

    private static float[] interleave(float[][] planes) {
        int n = planes[0].length;
        float[] out = new float[n * planes.length];
        for (int i = 0; i < n; i++) for (int c = 0; c < planes.length; c++) out[i * planes.length + c] = planes[c][i];
        return out;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
