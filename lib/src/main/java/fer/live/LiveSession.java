package fer.live;

import fer.data.Emotion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

/**
 * The real-time loop of the report's Section 8: read a frame, find faces (Haar cascade), classify them all
 * in one batch, track and smooth, draw, then write/show. Timed per stage ({@link LiveStats}).
 *
 * <pre>{@code
 * LiveReport r = LiveSession.run(FrameSources.open("0"), ExpressionClassifier.of(saved), LiveConfig.defaults().withWindow(true));
 * }</pre>
 */
public final class LiveSession {
    /** File name of the annotated video inside the output folder (the default MJPG one; {@link LiveConfig#videoFile()}). */
    public static final String VIDEO_FILE = "annotated.avi";

    private LiveSession() {}

    /** Runs until the source ends, {@code maxFrames} is reached or the window is closed; closes the source. */
    public static LiveReport run(FrameSource source, ExpressionClassifier model, LiveConfig cfg) {
        List<Emotion> classes = model.classes();
        String described = source.describe();
        LiveStats stats = new LiveStats(cfg.warmupFrames());
        FaceTracker tracker = new FaceTracker(cfg.tracker());
        Annotator annotator = new Annotator(classes);
        List<LiveReport.FaceSample> samples = new ArrayList<>();
        List<LiveReport.AnnotatedFrame> kept = new ArrayList<>();
        List<Path> images = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Path out = cfg.out();
        AnnotatedVideo video = out == null || source.stills() ? null : new AnnotatedVideo(out.resolve(cfg.videoFile()), source.fps());
        DetectionLog log = out == null ? null : new DetectionLog(out.resolve(DetectionLog.FILE), classes);
        Optional<LiveWindow> window = cfg.window() ? LiveWindow.open("fer live: " + model.name()) : Optional.empty();
        try (source; FaceDetector detector = new FaceDetector(cfg.detector()); Mat frame = new Mat()) {
            for (int n = 0; cfg.maxFrames() == 0 || n < cfg.maxFrames(); n++) {
                stats.beginFrame();
                long t = System.nanoTime();
                if (!source.read(frame)) break;
                t = lap(stats, LiveStats.Stage.DECODE, t);

                // whole frame now and then (new faces), else only around the faces being tracked (cheap)
                boolean full = source.stills() || tracker.size() == 0 || n % cfg.detector().fullFrameEvery() == 0;
                List<Box> boxes = full ? detector.detect(frame) : detector.detectNear(frame, tracker.boxes());
                t = lap(stats, LiveStats.Stage.DETECT, t);

                List<Mat> crops = new ArrayList<>(boxes.size());
                for (Box b : boxes) {
                    Box m = b.withMargin(cfg.margin(), frame.cols(), frame.rows());
                    crops.add(new Mat(frame, new Rect(m.x(), m.y(), m.width(), m.height())));
                }
                List<float[]> probs = model.classify(crops);
                if (source.stills()) tracker.reset();
                List<TrackedFace> faces = tracker.update(boxes, probs);
                t = lap(stats, LiveStats.Stage.CLASSIFY, t);

                // crops are views of the frame: copy the kept ones before the drawing lands on them
                for (int i = 0; i < faces.size() && samples.size() < cfg.keepFaces(); i++) {
                    TrackedFace f = faces.get(i);
                    samples.add(new LiveReport.FaceSample(source.frameName(), n, f, classes.get(f.top()), Mats.toImage(crops.get(i))));
                }
                crops.forEach(Mat::close);
                long drawStart = System.nanoTime();
                String hud = source.stills() ? model.name()
                        : String.format(Locale.ROOT, "%s  %.1f FPS", model.name(), stats.fps());
                annotator.draw(frame, faces, hud);
                t = lap(stats, LiveStats.Stage.DRAW, drawStart);

                if (video != null) video.write(frame);
                if (out != null && source.stills()) images.add(writeStill(out, source.frameName(), frame));
                if (log != null) log.write(n, source.frameName(), source.timeSeconds(), faces);
                if (kept.size() < cfg.keepFrames()) kept.add(new LiveReport.AnnotatedFrame(source.frameName(), Mats.toImage(frame)));
                boolean go = window.map(w -> w.show(frame)).orElse(true);
                lap(stats, LiveStats.Stage.OUTPUT, t);
                stats.endFrame(faces.size());
                if (!go) break;
            }
            warnings.addAll(source.warnings());
        } finally {
            if (video != null) video.close();
            if (log != null) log.close();
            window.ifPresent(LiveWindow::close);
        }
        return new LiveReport(model.name(), described, stats.summary(), List.copyOf(samples), List.copyOf(kept),
                video == null || video.frames() == 0 ? null : video.file(), List.copyOf(images),
                log == null ? null : out.resolve(DetectionLog.FILE), List.copyOf(warnings));
    }

    private static long lap(LiveStats stats, LiveStats.Stage stage, long since) {
        long now = System.nanoTime();
        stats.add(stage, now - since);
        return now;
    }

    private static Path writeStill(Path out, String name, Mat frame) {
        Path file = out.resolve(name);
        try {
            java.nio.file.Files.createDirectories(out);
        } catch (java.io.IOException e) {
            throw new LiveException("cannot create " + out + ": " + e.getMessage(), e);
        }
        if (!imwrite(file.toString(), frame)) throw new LiveException("cannot write annotated image " + file);
        return file;
    }
}
