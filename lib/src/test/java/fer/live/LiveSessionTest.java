package fer.live;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fer.data.Emotion;
import fer.model.Architecture;
import fer.model.InputPreprocessing;
import fer.model.ModelSpec;
import fer.model.Models;
import fer.model.Optimizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * End to end on a real photo (face-api's demo/sample1.jpg, when its npm package is cached): a demo video,
 * the live loop with an (untrained) small CNN, and what it writes.
 */
class LiveSessionTest {
    @TempDir Path dir;

    @Test
    void videoFromARealPhotoIsDetectedClassifiedLoggedAndWritten() throws Exception {
        List<Path> photos = FaceApiPhotos.photos(fer.Workspace.fromEnvironment());
        assumeTrue(!photos.isEmpty(), "face-api npm package not cached (environment/fer setup fetches it with npm)");
        Path video = dir.resolve("demo.avi");
        int n = DemoVideo.write(List.of(photos.get(0)), video, DemoVideo.Spec.defaults().withFramesPerPhoto(12));
        assertEquals(12, n);

        var net = Models.build(ModelSpec.paper(Architecture.SMALL), Optimizer.adam(1e-3));
        var clf = new ExpressionClassifier("untrained-small", "none", net, InputPreprocessing.project(48, 1), Emotion.FER2013);
        LiveReport r = LiveSession.run(FrameSources.open(video), clf, LiveConfig.defaults().withOut(dir.resolve("out")).withWarmupFrames(2));

        assertEquals(12, r.stats().frames());
        assertTrue(r.stats().faces() >= 12, "the zoomed-in face is found in every frame: " + r.stats().faces());
        assertTrue(r.stats().fps() > 0);
        List<String> lines = Files.readAllLines(dir.resolve("out").resolve(DetectionLog.FILE));
        assertEquals(12, lines.size());
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            Map<?, ?> m = json.readValue(line, Map.class);
            List<?> faces = (List<?>) m.get("faces");
            assertFalse(faces.isEmpty(), line);
            Map<?, ?> f = (Map<?, ?>) faces.get(0);
            double sum = ((Map<?, ?>) f.get("probabilities")).values().stream().mapToDouble(v -> ((Number) v).doubleValue()).sum();
            assertEquals(1.0, sum, 1e-3, line);
            List<?> box = (List<?>) f.get("box");
            assertTrue(((Number) box.get(2)).intValue() > 100, "a face of a 640x480 zoom is large: " + box);
        }
        // the largest face keeps one track through the clip
        assertTrue(lines.stream().allMatch(l -> l.contains("\"track\":1")), lines.get(lines.size() - 1));
        int read = 0;
        try (FrameSource back = FrameSources.video(r.video()); Mat m = new Mat()) {
            while (back.read(m)) {
                assertEquals(640, m.cols());
                read++;
            }
        }
        assertEquals(12, read, "the annotated video has every frame");
    }
}
