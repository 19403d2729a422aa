package fer.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_videoio.VideoWriter;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_OPENCV_MJPEG;

/**
 * The annotated video, by the file's ending: {@code .mp4} is H.264 through FFmpeg (JavaCV's
 * {@link FFmpegFrameRecorder}: small files any browser or phone plays), {@code .avi} is MJPG through OpenCV's
 * built-in encoder (no FFmpeg involved). Opened on the first frame (its size fixes the video's).
 */
public final class AnnotatedVideo implements AutoCloseable {
    /** The endings {@link #AnnotatedVideo} writes. */
    public static final java.util.List<String> FORMATS = java.util.List.of("avi", "mp4");

    private final Path file;
    private final double fps;
    private final boolean mp4;
    private VideoWriter writer;
    private FFmpegFrameRecorder recorder;
    private OpenCVFrameConverter.ToMat converter;
    private int frames;

    public AnnotatedVideo(Path file, double fps) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!n.endsWith(".avi") && !n.endsWith(".mp4")) {
            throw new LiveException("cannot write video " + file + ": expected a name ending in .avi (MJPG) or .mp4 (H.264)");
        }
        this.file = file;
        this.fps = fps > 0 ? fps : 15;
        this.mp4 = n.endsWith(".mp4");
    }

    public void write(Mat frame) {
        if (writer == null && recorder == null) open(frame);
        if (mp4) {
            try {
                recorder.record(converter.convert(frame), avutil.AV_PIX_FMT_BGR24);
            } catch (FrameRecorder.Exception e) {
                throw new LiveException("cannot write frame " + frames + " to " + file + ": " + e.getMessage(), e);
            }
        } else {
            writer.write(frame);
        }
        frames++;
    }

    private void open(Mat frame) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new LiveException("cannot create " + file.getParent() + ": " + e.getMessage(), e);
        }
        if (!mp4) {
            writer = new VideoWriter(file.toString(), CAP_OPENCV_MJPEG, VideoWriter.fourcc((byte) 'M', (byte) 'J', (byte) 'P', (byte) 'G'),
                    fps, new Size(frame.cols(), frame.rows()), frame.channels() == 3);
            if (!writer.isOpened()) throw new LiveException("cannot write video " + file + " (OpenCV's MJPG writer refused it)");
            return;
        }
        FfmpegLog.install();
        long errors = FfmpegLog.errorCount();
        // 4:2:0 H.264 needs even sides: the recorder's scaler fits an odd frame to the even size
        recorder = new FFmpegFrameRecorder(file.toFile(), frame.cols() & ~1, frame.rows() & ~1);
        recorder.setFormat("mp4");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        // ~2 bits per pixel per second at 640x480 and 30 fps: faces and labels stay sharp
        recorder.setVideoBitrate(Math.max(500_000, frame.cols() * frame.rows() * 4));
        converter = new OpenCVFrameConverter.ToMat();
        try {
            recorder.start();
        } catch (FrameRecorder.Exception e) {
            var errs = FfmpegLog.errorsSince(errors);
            throw new LiveException("cannot write H.264 video " + file + ": " + e.getMessage()
                    + (errs.isEmpty() ? "" : "; FFmpeg: " + errs.get(errs.size() - 1)), e);
        }
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
        if (recorder != null) {
            try {
                recorder.stop();
                recorder.release();
            } catch (FrameRecorder.Exception e) {
                throw new LiveException("cannot finish video " + file + ": " + e.getMessage(), e);
            } finally {
                converter.close();
            }
        }
    }
}
