package fer.live;

import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * A test video made from still photos, standing in for a webcam: per photo, a slow pan and zoom around its
 * largest face, so the face moves and changes size from frame to frame as it would live. 640×480 MJPG
 * {@code .avi} by default (readable without FFmpeg). Deterministic: the same photos give the same video.
 */
public final class DemoVideo {
    /**
     * @param width         frame width (640)
     * @param height        frame height (480)
     * @param framesPerPhoto frames spent on each photo
     * @param fps           the video's nominal frame rate
     * @param zoomFrom      frame width in face widths at a photo's first frame (2.6: face ~40% of the frame)
     * @param zoomTo        frame width in face widths at its last frame
     */
    public record Spec(int width, int height, int framesPerPhoto, double fps, double zoomFrom, double zoomTo) {
        public Spec {
            if (width < 16 || height < 16 || framesPerPhoto < 1 || !(fps > 0) || !(zoomFrom > 1) || !(zoomTo > 1)) {
                throw new IllegalArgumentException("bad demo video spec " + width + "x" + height + ", " + framesPerPhoto
                        + " frames/photo, " + fps + " fps, zoom " + zoomFrom + " -> " + zoomTo);
            }
        }

        /** 640×480, 60 frames per photo at 15 fps (4 s), zooming from 2.6 to 1.9 face widths. */
        public static Spec defaults() {
            return new Spec(640, 480, 60, 15, 2.6, 1.9);
        }

        public Spec withFramesPerPhoto(int n) {
            return new Spec(width, height, n, fps, zoomFrom, zoomTo);
        }
    }

    private DemoVideo() {}

    /** The video over every image of {@code folder} (sorted by name); returns the number of frames. */
    public static int write(Path folder, Path out, Spec spec) {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(folder)) {
            List<Path> photos = s.filter(FrameSources::isImage).sorted().toList();
            if (photos.isEmpty()) throw new LiveException("folder " + folder + " has no images for a demo video");
            return write(photos, out, spec);
        } catch (java.io.IOException e) {
            throw new LiveException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Writes the video; returns the number of frames. Photos without a detectable face are skipped. */
    public static int write(List<Path> photos, Path out, Spec spec) {
        int written = 0;
        try (FaceDetector detector = new FaceDetector(DetectorConfig.defaults()); AnnotatedVideo video = new AnnotatedVideo(out, spec.fps());
             Mat frame = new Mat()) {
            for (Path p : photos) {
                try (Mat photo = imread(p.toString(), IMREAD_COLOR)) {
                    if (photo.empty()) throw new LiveException("cannot read image " + p);
                    List<Box> faces = detector.detect(photo);
                    if (faces.isEmpty()) continue;
                    Box face = faces.get(0);
                    for (int i = 0; i < spec.framesPerPhoto(); i++) {
                        Box view = view(face, photo.cols(), photo.rows(), spec, i);
                        try (Mat roi = new Mat(photo, new Rect(view.x(), view.y(), view.width(), view.height()))) {
                            resize(roi, frame, new Size(spec.width(), spec.height()), 0, 0, INTER_AREA);
                        }
                        video.write(frame);
                        written++;
                    }
                }
            }
        }
        if (written == 0) throw new LiveException("no face found in any of " + photos.size() + " photos: no demo video written");
        return written;
    }

    /** The photo region shown at frame {@code i}: zooming in, the face drifting around the centre. */
    static Box view(Box face, int photoW, int photoH, Spec spec, int i) {
        double t = spec.framesPerPhoto() == 1 ? 0 : (double) i / (spec.framesPerPhoto() - 1);
        double aspect = (double) spec.width() / spec.height();
        double w = face.width() * (spec.zoomFrom() + (spec.zoomTo() - spec.zoomFrom()) * t);
        w = Math.min(w, Math.min(photoW, photoH * aspect));
        double h = w / aspect;
        // a slow circle around the face: it moves by ~15% of its size across the clip, like a head in a call
        double cx = face.x() + face.width() / 2.0 + 0.15 * face.width() * Math.sin(2 * Math.PI * t);
        double cy = face.y() + face.height() / 2.0 + 0.10 * face.height() * Math.cos(2 * Math.PI * t);
        int x = (int) Math.round(Math.max(0, Math.min(photoW - w, cx - w / 2)));
        int y = (int) Math.round(Math.max(0, Math.min(photoH - h, cy - h / 2)));
        return new Box(x, y, (int) Math.floor(w), (int) Math.floor(h));
    }
}
