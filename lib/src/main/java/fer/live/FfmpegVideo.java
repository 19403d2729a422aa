package fer.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.rotate;

/**
 * A video file or a V4L2 camera decoded by FFmpeg (JavaCV's {@link FFmpegFrameGrabber}): H.264/H.265
 * {@code .mp4}/{@code .mov}, MPEG-4/XVID {@code .avi}, VP8/VP9 {@code .webm}, MJPG, ... Frames come out
 * 8-bit BGR, turned upright as the file's display matrix (a phone's rotation) says, as FFmpeg's own player
 * shows them. A file that ends early (truncated, damaged) gives the frames that decode and then a warning
 * ({@link #warnings()}), never an exception mid-run.
 */
final class FfmpegVideo extends VideoFrames {
    private final FFmpegFrameGrabber grabber;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private final String what;
    private final int rotation;
    /** Frames the container says it holds (0: it does not say). */
    private final long declared;
    private final long errorsAtStart;
    private final List<String> warnings = new ArrayList<>();
    private boolean ended;

    private FfmpegVideo(FFmpegFrameGrabber grabber, String name, boolean camera, long errorsAtStart) {
        super(camera);
        this.grabber = grabber;
        this.errorsAtStart = errorsAtStart;
        AVStream video = videoStream(grabber.getFormatContext());
        this.rotation = camera || video == null ? 0 : uprightRotation(video, grabber.getVideoMetadata("rotate"));
        this.declared = video == null ? 0 : Math.max(0, video.nb_frames());
        int w = grabber.getImageWidth(), h = grabber.getImageHeight();
        boolean swap = rotation == 90 || rotation == 270;
        double f = fps();
        this.what = String.format(Locale.ROOT, "%s (%dx%d, %s fps, %s%s)", name, swap ? h : w, swap ? w : h,
                f > 0 ? String.format(Locale.ROOT, "%.0f", f) : "unknown", codecName(grabber.getVideoCodec()),
                rotation == 0 ? "" : ", rotated " + rotation + "°");
    }

    /** Opens a video file; a {@link LiveException} with FFmpeg's reason when it cannot. */
    static FfmpegVideo file(Path path) {
        FfmpegLog.install();
        long errors = FfmpegLog.errorCount();
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(path.toFile());
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            release(g);
            throw new LiveException("cannot read video " + path + ": FFmpeg cannot open it (" + reason(e, errors) + ")", e);
        }
        if (!g.hasVideo()) {
            release(g);
            throw new LiveException("cannot read video " + path + ": no video stream in it (" + g.getFormat() + ")");
        }
        return new FfmpegVideo(g, "video " + path, false, errors);
    }

    /** Opens {@code /dev/videoN} through FFmpeg's video4linux2 input. */
    static FfmpegVideo camera(int index) {
        Path dev = Path.of("/dev/video" + index);
        if (!Files.exists(dev)) {
            throw new LiveException("no camera at index " + index + " (no " + dev + "); give a video file, an image or a folder with --source instead");
        }
        FfmpegLog.install();
        long errors = FfmpegLog.errorCount();
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(dev.toString());
        g.setFormat("video4linux2");
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            release(g);
            throw new LiveException("no camera at index " + index + ": " + dev + " did not open (" + reason(e, errors)
                    + "); give a video file, an image or a folder with --source instead", e);
        }
        return new FfmpegVideo(g, "camera " + index, true, errors);
    }

    @Override
    public boolean read(Mat frame) {
        if (ended) return false;
        Frame f;
        try {
            f = grabber.grabImage();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            if (index < 0) throw new LiveException("cannot read " + what + ": it opened but no frame decodes (" + reason(e, errorsAtStart) + ")", e);
            return end("decoding stopped after " + (index + 1) + " frames (" + reason(e, errorsAtStart) + ")");
        }
        if (f == null || f.image == null) {
            if (index < 0) throw new LiveException("cannot read " + what + ": it opened but gave no frame" + errorsSuffix());
            if (!camera && declared > 0 && index + 1 < declared) {
                return end("the file declares " + declared + " frames but only " + (index + 1)
                        + " decode: truncated or damaged" + errorsSuffix());
            }
            if (!camera && FfmpegLog.errorCount() > errorsAtStart) {
                return end((index + 1) + " frames decoded, FFmpeg reported errors" + errorsSuffix());
            }
            ended = true;
            return false;
        }
        Mat m = converter.convert(f);
        switch (rotation) {
            case 90 -> rotate(m, frame, ROTATE_90_CLOCKWISE);
            case 180 -> rotate(m, frame, ROTATE_180);
            case 270 -> rotate(m, frame, ROTATE_90_COUNTERCLOCKWISE);
            default -> m.copyTo(frame);
        }
        advance(f.timestamp / 1e6); // a file's frame times are its timestamps
        return true;
    }

    private boolean end(String warning) {
        warnings.add(what.substring(0, what.indexOf(" (")) + ": " + warning);
        ended = true;
        return false;
    }

    private String errorsSuffix() {
        List<String> errs = FfmpegLog.errorsSince(errorsAtStart);
        return errs.isEmpty() ? "" : "; FFmpeg's last error: " + errs.get(errs.size() - 1);
    }

    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public double fps() {
        return usableFps(grabber.getVideoFrameRate());
    }

    @Override
    public String describe() {
        return what;
    }

    /** Degrees (0, 90, 180, 270) the decoded picture turns clockwise to stand upright. */
    int rotation() {
        return rotation;
    }

    /** The frames the container declares, 0 when it does not say (webm, some avi). */
    long declaredFrames() {
        return declared;
    }

    @Override
    public void close() {
        release(grabber);
        converter.close();
    }

    private static void release(FFmpegFrameGrabber g) {
        try {
            g.release();
        } catch (FrameGrabber.Exception e) {
            // closing a half-opened grabber: nothing more to free, and the caller already reports the cause
        }
    }

    private static AVStream videoStream(AVFormatContext fc) {
        if (fc == null || fc.isNull()) return null;
        for (int i = 0; i < fc.nb_streams(); i++) {
            AVStream s = fc.streams(i);
            if (s.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) return s;
        }
        return null;
    }

    /**
     * The clockwise turn that makes the picture upright: from the stream's display matrix (what phones write),
     * else the legacy {@code rotate} tag. FFmpeg's matrix angle is counter-clockwise, hence the sign.
     */
    static int uprightRotation(AVStream s, String rotateTag) {
        BytePointer m = avformat.av_stream_get_side_data(s, avcodec.AV_PKT_DATA_DISPLAYMATRIX, null);
        double degrees;
        if (m != null && !m.isNull()) {
            degrees = -avutil.av_display_rotation_get(new IntPointer(m));
        } else if (rotateTag != null && rotateTag.strip().matches("-?\\d+(\\.\\d+)?")) {
            degrees = Double.parseDouble(rotateTag.strip());
        } else {
            return 0;
        }
        if (!Double.isFinite(degrees)) return 0;
        int r = (int) Math.round(degrees / 90.0) * 90;
        return ((r % 360) + 360) % 360;
    }

    private static String codecName(int id) {
        BytePointer n = avcodec.avcodec_get_name(id);
        return n == null || n.isNull() ? "codec " + id : n.getString();
    }

    private static String reason(Exception e, long errorsBefore) {
        List<String> errs = FfmpegLog.errorsSince(errorsBefore);
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        return errs.isEmpty() ? msg : msg + "; FFmpeg: " + errs.get(errs.size() - 1);
    }
}
