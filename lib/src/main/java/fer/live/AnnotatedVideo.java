package fer.live;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_videoio.VideoWriter;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_OPENCV_MJPEG;

/**
 * An MJPG {@code .avi} written with OpenCV's built-in encoder: it needs no FFmpeg and every player and
 * {@link FrameSources#video} read it back. Opened on the first frame (its size fixes the video's).
 */
public final class AnnotatedVideo implements AutoCloseable {
    private final Path file;
    private final double fps;
    private VideoWriter writer;
    private int frames;

    public AnnotatedVideo(Path file, double fps) {
        this.file = file;
        this.fps = fps > 0 ? fps : 15;
    }

    public void write(Mat frame) {
        if (writer == null) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
            } catch (java.io.IOException e) {
                throw new LiveException("cannot create " + file.getParent() + ": " + e.getMessage(), e);
            }
            writer = new VideoWriter(file.toString(), CAP_OPENCV_MJPEG, VideoWriter.fourcc((byte) 'M', (byte) 'J', (byte) 'P', (byte) 'G'),
                    fps, new Size(frame.cols(), frame.rows()), frame.channels() == 3);
            if (!writer.isOpened()) throw new LiveException("cannot write video " + file + " (OpenCV's MJPG writer refused it)");
        }
        writer.write(frame);
        frames++;
    }

    public Path file() {
        return file;
    }

    public int frames() {
        return frames;
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.release();
            writer.close();
        }
    }
}
