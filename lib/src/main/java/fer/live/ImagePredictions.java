package fer.live;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import fer.data.Emotion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Class probabilities of a saved model for image files ({@code fer predict}): each whole image is one face crop,
 * prepared as the model's manifest says ({@link ExpressionClassifier#input()}), in batches.
 *
 * <p>Images are decoded by OpenCV without applying EXIF orientation, as Keras' {@code load_img} (Pillow) leaves it;
 * a gray image comes in as three equal channels (Pillow's {@code convert("RGB")}), and JPEGs decode to the same
 * pixels as Pillow's libjpeg-turbo.
 */
public final class ImagePredictions {
    /** File endings read as images. */
    public static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One image's result: the top class and the probability of each class, in the model's class order. */
    public record Prediction(Path file, List<Emotion> classes, float[] probabilities) {
        public Emotion top() {
            int best = 0;
            for (int i = 1; i < probabilities.length; i++) if (probabilities[i] > probabilities[best]) best = i;
            return classes.get(best);
        }

        /** {@code {"file": ..., "top": "happy", "probabilities": {"angry": 0.01, ...}}} on one line. */
        public String json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file.toString());
            m.put("top", top().id());
            Map<String, Double> p = new LinkedHashMap<>();
            for (int i = 0; i < classes.size(); i++) p.put(classes.get(i).id(), (double) probabilities[i]);
            m.put("probabilities", p);
            try {
                return JSON.writeValueAsString(m);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** {@code file  top p  angry=… disgust=…} for a person. */
        public String text() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s  %s %.3f ", file, top().id(), probabilities[classes.indexOf(top())]));
            for (int i = 0; i < classes.size(); i++) b.append(String.format(Locale.ROOT, " %s=%.3f", classes.get(i).id(), probabilities[i]));
            return b.toString();
        }
    }

    private ImagePredictions() {}

    /** The image files among {@code paths}: files as given, folders searched recursively (sorted); a missing path is an error. */
    public static List<Path> imageFiles(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(ImagePredictions::isImage).sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot list " + p, e);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new IllegalArgumentException(p + ": no such file or folder");
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no images (" + String.join(", ", EXTENSIONS) + ") in " + paths);
        return out;
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    /** The model's probabilities for every file, {@code batch} images per forward pass. */
    public static List<Prediction> predict(ExpressionClassifier model, List<Path> files, int batch) {
        List<Prediction> out = new ArrayList<>();
        for (int from = 0; from < files.size(); from += batch) {
            List<Path> chunk = files.subList(from, Math.min(files.size(), from + batch));
            List<Mat> images = new ArrayList<>();
            try {
                for (Path f : chunk) images.add(read(f));
                List<float[]> p = model.classify(images);
                for (int i = 0; i < chunk.size(); i++) out.add(new Prediction(chunk.get(i), model.classes(), p.get(i)));
            } finally {
                images.forEach(Mat::close);
            }
        }
        return out;
    }

    private static Mat read(Path f) {
        Mat m = imread(f.toString(), IMREAD_COLOR | IMREAD_IGNORE_ORIENTATION);
        if (m == null || m.empty()) {
            if (m != null) m.close();
            throw new IllegalArgumentException(f + ": not a readable image (expected PNG, JPEG or BMP)");
        }
        return m;
    }
}
