package fer.live;

import java.nio.file.Path;

/**
 * How {@link LiveSession} runs: detection, tracking and smoothing, the crop margin, and what it keeps.
 *
 * @param margin       each face box grows by this share of its size on every side before cropping (0.1)
 * @param window       show a window when a display exists
 * @param out          folder for the annotated video or images and {@code detections.jsonl}; null: none
 * @param maxFrames    stop after this many frames (0: until the source ends; a camera never does)
 * @param warmupFrames frames left out of the speed figures (first-call initialisation)
 * @param keepFrames   annotated frames kept in memory for a notebook to show (0: none)
 * @param keepFaces    face crops kept in memory with their predictions, for figures (0: none)
 * @param videoFormat  the annotated video's format: {@code avi} (MJPG, OpenCV) or {@code mp4} (H.264, FFmpeg)
 */
public record LiveConfig(DetectorConfig detector, FaceTracker.Config tracker, double margin, boolean window, Path out,
                         int maxFrames, int warmupFrames, int keepFrames, int keepFaces, String videoFormat) {

    public LiveConfig {
        if (detector == null || tracker == null) throw new IllegalArgumentException("detector and tracker configs are required");
        if (!(margin >= 0 && margin <= 1)) throw new IllegalArgumentException("margin must be in [0, 1], got " + margin);
        if (maxFrames < 0 || warmupFrames < 0 || keepFrames < 0 || keepFaces < 0) {
            throw new IllegalArgumentException("frame and face counts must be ≥ 0");
        }
        if (!AnnotatedVideo.FORMATS.contains(videoFormat)) {
            throw new IllegalArgumentException("video format must be one of " + AnnotatedVideo.FORMATS + ", got " + videoFormat);
        }
    }

    /** Defaults: {@link DetectorConfig#defaults()}, smoothing 0.7, margin 0.1, no window, no output, 5 warm-up frames. */
    public static LiveConfig defaults() {
        return new LiveConfig(DetectorConfig.defaults(), FaceTracker.Config.defaults(), 0.1, false, null, 0, 5, 0, 0, "avi");
    }

    public LiveConfig withDetector(DetectorConfig d) {
        return new LiveConfig(d, tracker, margin, window, out, maxFrames, warmupFrames, keepFrames, keepFaces, videoFormat);
    }

    public LiveConfig withSmoothing(double s) {
        return new LiveConfig(detector, tracker.withSmoothing(s), margin, window, out, maxFrames, warmupFrames, keepFrames, keepFaces, videoFormat);
    }

    public LiveConfig withTracker(FaceTracker.Config t) {
        return new LiveConfig(detector, t, margin, window, out, maxFrames, warmupFrames, keepFrames, keepFaces, videoFormat);
    }

    public LiveConfig withMargin(double m) {
        return new LiveConfig(detector, tracker, m, window, out, maxFrames, warmupFrames, keepFrames, keepFaces, videoFormat);
    }

    public LiveConfig withWindow(boolean w) {
        return new LiveConfig(detector, tracker, margin, w, out, maxFrames, warmupFrames, keepFrames, keepFaces, videoFormat);
    }

    public LiveConfig withOut(Path dir) {
        return new LiveConfig(detector, tracker, margin, window, dir, maxFrames, warmupFrames, keepFrames, keepFaces, videoFormat);
    }

    public LiveConfig withMaxFrames(int n) {
        return new LiveConfig(detector, tracker, margin, window, out, n, warmupFrames, keepFrames, keepFaces, videoFormat);
    }

    public LiveConfig withWarmupFrames(int n) {
        return new LiveConfig(detector, tracker, margin, window, out, maxFrames, n, keepFrames, keepFaces, videoFormat);
    }

    public LiveConfig withKeep(int frames, int faces) {
        return new LiveConfig(detector, tracker, margin, window, out, maxFrames, warmupFrames, frames, faces, videoFormat);
    }

    /** {@code avi} (MJPG) or {@code mp4} (H.264). */
    public LiveConfig withVideoFormat(String f) {
        return new LiveConfig(detector, tracker, margin, window, out, maxFrames, warmupFrames, keepFrames, keepFaces, f);
    }

    /** The annotated video's file name in {@link #out()}: {@code annotated.avi} or {@code annotated.mp4}. */
    public String videoFile() {
        return "annotated." + videoFormat;
    }
}
