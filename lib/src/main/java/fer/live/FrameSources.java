package fer.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_videoio.VideoCapture;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_ANY;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_OPENCV_MJPEG;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FPS;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FRAME_HEIGHT;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FRAME_WIDTH;

/**
 * Opens what {@code fer live --source} names: a camera index ({@code 0}), a video file, an image, or a
 * folder of images. Anything that cannot be opened is a {@link LiveException} saying why.
 */
public final class FrameSources {
    /** Image file endings read as stills. */
    public static final List<String> IMAGE_TYPES = List.of("jpg", "jpeg", "png", "bmp", "webp", "tif", "tiff");

    private FrameSources() {}

    /** A camera index (digits only) or a path. */
    public static FrameSource open(String spec) {
        if (spec == null || spec.isBlank()) throw new LiveException("--source is empty: expected a camera index (0), a video, an image or a folder");
        String s = spec.trim();
        if (s.matches("\\d{1,2}")) return camera(Integer.parseInt(s));
        return open(Path.of(s));
    }

    /** A video file, an image or a folder of images. */
    public static FrameSource open(Path path) {
        if (Files.isDirectory(path)) return folder(path);
        if (!Files.exists(path)) throw new LiveException("no such file or folder: " + path);
        if (!Files.isReadable(path)) throw new LiveException("cannot read " + path + ": permission denied");
        return isImage(path) ? new Images(List.of(path), path.toString()) : video(path);
    }

    /** The images of a folder (not its sub-folders), sorted by name. */
    public static FrameSource folder(Path dir) {
        List<Path> images;
        try (Stream<Path> s = Files.list(dir)) {
            images = s.filter(Files::isRegularFile).filter(FrameSources::isImage).sorted().toList();
        } catch (IOException e) {
            throw new LiveException("cannot list folder " + dir + ": " + e.getMessage(), e);
        }
        if (images.isEmpty()) {
            throw new LiveException("folder " + dir + " has no images (expected files ending in ." + String.join(", .", IMAGE_TYPES) + ")");
        }
        return new Images(images, "folder " + dir);
    }

    public static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && IMAGE_TYPES.contains(n.substring(dot + 1));
    }

    /**
     * A camera by index: {@code /dev/videoN} through FFmpeg's video4linux2 input, OpenCV's capture when FFmpeg
     * cannot drive the device.
     */
    public static FrameSource camera(int index) {
        try {
            return FfmpegVideo.camera(index);
        } catch (LiveException ffmpeg) {
            if (!Files.exists(Path.of("/dev/video" + index))) throw ffmpeg;
            VideoCapture cap = new VideoCapture(index, CAP_ANY);
            if (!cap.isOpened()) {
                cap.close();
                throw ffmpeg;
            }
            return new Video(cap, "camera " + index, true);
        }
    }

    /**
     * A video file, decoded by FFmpeg (H.264 {@code .mp4}, XVID {@code .avi}, VP9 {@code .webm}, MJPG, ...,
     * turned upright as a phone's rotation tag says). OpenCV's own MJPG reader stays as the fallback for an
     * MJPG {@code .avi} FFmpeg refuses.
     */
    public static FrameSource video(Path path) {
        LiveException ffmpeg;
        try {
            return FfmpegVideo.file(path);
        } catch (LiveException e) {
            ffmpeg = e;
        }
        VideoCapture cap = new VideoCapture(path.toString(), CAP_OPENCV_MJPEG);
        if (cap.isOpened()) return new Video(cap, "video " + path, false);
        cap.close();
        throw ffmpeg;
    }

    /** Stills read with {@code imread}, one after another. */
    private static final class Images implements FrameSource {
        private final List<Path> files;
        private final String what;
        private int next;
        private String name = "";

        Images(List<Path> files, String what) {
            this.files = files;
            this.what = what;
        }

        @Override
        public boolean read(Mat frame) {
            if (next >= files.size()) return false;
            Path p = files.get(next++);
            try (Mat m = imread(p.toString(), IMREAD_COLOR)) {
                if (m.empty()) throw new LiveException("cannot read image " + p + ": not an image OpenCV can decode");
                m.copyTo(frame);
            }
            name = p.getFileName().toString();
            return true;
        }

        @Override
        public String frameName() {
            return name;
        }

        @Override
        public double timeSeconds() {
            return 0;
        }

        @Override
        public boolean stills() {
            return true;
        }

        @Override
        public double fps() {
            return 0;
        }

        @Override
        public String describe() {
            return what + " (" + files.size() + (files.size() == 1 ? " image)" : " images)");
        }

        @Override
        public void close() {}
    }

    /** A camera or an MJPG video file through OpenCV's {@code VideoCapture} (the fallbacks of the FFmpeg source). */
    private static final class Video extends VideoFrames {
        private final VideoCapture cap;
        private final String what;

        Video(VideoCapture cap, String what, boolean camera) {
            super(camera);
            this.cap = cap;
            double f = fps();
            // described now: the capture's properties are gone once it is closed
            this.what = String.format(Locale.ROOT, "%s (%.0fx%.0f, %s fps)", what, cap.get(CAP_PROP_FRAME_WIDTH),
                    cap.get(CAP_PROP_FRAME_HEIGHT), f > 0 ? String.format(Locale.ROOT, "%.0f", f) : "unknown");
        }

        @Override
        public boolean read(Mat frame) {
            if (!cap.read(frame) || frame.empty()) {
                if (index < 0) throw new LiveException("cannot read " + what + ": it opened but gave no frame");
                return false;
            }
            // a file's frame times follow from its nominal rate
            double fps = fps();
            advance(fps > 0 ? (index + 1) / fps : index + 1);
            return true;
        }

        @Override
        public double fps() {
            if (cap.isNull()) return 0;
            return VideoFrames.usableFps(cap.get(CAP_PROP_FPS));
        }

        @Override
        public String describe() {
            return what;
        }

        @Override
        public void close() {
            cap.release();
            cap.close();
        }
    }
}
