package fer.live;

import static org.junit.jupiter.api.Assertions.*;

import fer.data.Emotion;
import fer.model.Architecture;
import fer.model.InputPreprocessing;
import fer.model.ModelSpec;
import fer.model.Models;
import fer.model.Optimizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

/**
 * Videos as people have them, encoded in the test by Debian's ffmpeg from a demo clip of a real face
 * (face-api's sample photo; a synthetic pattern when its npm package is not cached): each is read through
 * {@link FrameSources#video} with exactly the frame count {@code ffprobe -count_frames} reports, and its
 * faces are found and classified by the live loop. A phone-style clip's display matrix turns it upright as
 * FFmpeg's player does; a truncated file gives the frames that decode and one warning.
 */
class FfmpegVideoTest {
    @TempDir static Path dir;
    /** 320x240, 12 frames at 12 fps (1 s), MJPG: the source every format below is encoded from. */
    static Path clip;
    /** True when the clip shows a real face (face-api's photo), so faces must be found in every format. */
    static boolean face;

    @BeforeAll
    static void sourceClip() {
        FfmpegCli.requireInstalled();
        List<Path> photos = FaceApiPhotos.photos(fer.Workspace.fromEnvironment());
        face = !photos.isEmpty();
        clip = dir.resolve("source.avi");
        if (face) {
            assertEquals(12, DemoVideo.write(List.of(photos.get(0)), clip, new DemoVideo.Spec(320, 240, 12, 12, 2.6, 1.9)));
        } else {
            FfmpegCli.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=12", "-frames:v", "12", "-c:v", "mjpeg", clip.toString());
        }
    }

    /** Reads every frame: count, size, and no warning. */
    static int readAll(Path video, int width, int height) {
        int n = 0;
        try (FrameSource s = FrameSources.video(video); Mat m = new Mat()) {
            while (s.read(m)) {
                assertEquals(width, m.cols(), video + " frame " + n);
                assertEquals(height, m.rows(), video + " frame " + n);
                assertEquals(3, m.channels());
                n++;
            }
            assertEquals(List.of(), s.warnings(), video.toString());
        }
        return n;
    }

    /** The live loop over the video with an untrained small CNN: every frame is read, its faces classified. */
    static LiveReport live(Path video, Path out) {
        var net = Models.build(ModelSpec.paper(Architecture.SMALL), Optimizer.adam(1e-3));
        var clf = new ExpressionClassifier("untrained-small", "none", net, InputPreprocessing.project(48, 1), Emotion.FER2013);
        return LiveSession.run(FrameSources.open(video), clf, LiveConfig.defaults().withOut(out).withWarmupFrames(1));
    }

    private static void check(String name, String codec, int width, int height, String... encode) {
        Path video = dir.resolve(name);
        String[] args = new String[encode.length + 3];
        args[0] = "-i";
        args[1] = clip.toString();
        System.arraycopy(encode, 0, args, 2, encode.length);
        args[args.length - 1] = video.toString();
        FfmpegCli.ffmpeg(args);
        assertEquals(codec, FfmpegCli.codec(video), "the fixture is what its name says");
        int expected = FfmpegCli.countFrames(video);
        assertTrue(expected >= 10, name + ": ffprobe counts " + expected);
        assertEquals(expected, readAll(video, width, height), name + ": frames read vs ffprobe -count_frames");
        try (FrameSource s = FrameSources.video(video)) {
            assertTrue(s.describe().contains(codec), s.describe());
        }
        LiveReport r = live(video, dir.resolve(name + "-out"));
        assertEquals(expected, r.stats().frames(), name);
        assertEquals(List.of(), r.warnings());
        if (face) assertTrue(r.stats().faces() >= expected - 1, name + ": the face is found and classified in (almost) every frame: " + r.stats().faces());
    }

    @Test
    void h264Mp4() {
        check("phone.mp4", "h264", 320, 240, "-c:v", "libx264", "-pix_fmt", "yuv420p");
    }

    @Test
    void xvidAvi() {
        check("xvid.avi", "mpeg4", 320, 240, "-c:v", "mpeg4", "-vtag", "XVID", "-q:v", "4");
    }

    @Test
    void vp9Webm() {
        check("clip.webm", "vp9", 320, 240, "-c:v", "libvpx-vp9", "-b:v", "300k", "-deadline", "realtime");
    }

    @Test
    void mjpgAvi() {
        check("mjpg.avi", "mjpeg", 320, 240, "-c:v", "mjpeg", "-q:v", "3");
    }

    @Test
    void fullHd() {
        check("hd.mp4", "h264", 1920, 1080, "-vf", "scale=1920:1080", "-frames:v", "10", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
    }

    @Test
    void phoneRotationIsTurnedUprightAsFfmpegShowsIt() {
        // a phone held upright stores its picture turned and says how to turn it back (display matrix; Debian's
        // ffmpeg 5.1 writes rotate=90 as a matrix its own player undoes by turning 90° counter-clockwise)
        Path stored = dir.resolve("stored.mp4");
        FfmpegCli.ffmpeg("-i", clip.toString(), "-vf", "transpose=clock", "-c:v", "libx264", "-pix_fmt", "yuv420p", stored.toString());
        Path phone = dir.resolve("portrait.mp4");
        FfmpegCli.ffmpeg("-i", stored.toString(), "-c", "copy", "-metadata:s:v:0", "rotate=90", phone.toString());
        assertNotNull(FfmpegCli.displayMatrixRotation(phone), "the fixture has a display matrix");
        int expected = FfmpegCli.countFrames(phone);
        assertEquals(expected, readAll(phone, 320, 240), "upright: 320x240 again");

        // frame 0 as ffmpeg's own decoder shows it (it applies the display matrix)
        Path png = dir.resolve("ffmpeg-frame0.png");
        FfmpegCli.ffmpeg("-i", phone.toString(), "-frames:v", "1", png.toString());
        try (FrameSource s = FrameSources.video(phone); Mat ours = new Mat(); Mat theirs = imread(png.toString(), IMREAD_COLOR); Mat d = new Mat()) {
            assertTrue(s.read(ours));
            assertTrue(s.describe().contains("rotated 270°"), s.describe());
            assertEquals(theirs.cols(), ours.cols());
            assertEquals(theirs.rows(), ours.rows());
            absdiff(ours, theirs, d);
            double diff = mean(d).get(0);
            assertTrue(diff < 3, "mean |ours - ffmpeg's| per pixel: " + diff);
        }
        LiveReport r = live(phone, dir.resolve("portrait-out"));
        assertEquals(expected, r.stats().frames());
        if (face) assertTrue(r.stats().faces() >= expected - 1, "the face is upright, so the cascade finds it: " + r.stats().faces());
    }

    @Test
    void truncatedFileGivesTheFramesThatDecodeThenAWarning() throws Exception {
        Path full = dir.resolve("full.mp4");
        // moov first (as streaming sites write it): the index survives the cut, the frames do not
        FfmpegCli.ffmpeg("-i", clip.toString(), "-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", full.toString());
        byte[] bytes = Files.readAllBytes(full);
        Path cut = dir.resolve("truncated.mp4");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 6 / 10));
        int decodable = FfmpegCli.countFrames(cut);
        int all = FfmpegCli.countFrames(full);
        assertTrue(decodable > 0 && decodable < all, "the fixture is cut mid-stream: " + decodable + " of " + all);

        int n = 0;
        List<String> warnings;
        try (FrameSource s = FrameSources.video(cut); Mat m = new Mat()) {
            while (s.read(m)) n++;
            assertFalse(s.read(m), "stays at its end");
            warnings = s.warnings();
        }
        assertEquals(decodable, n, "the frames ffprobe decodes");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(cut.toString()) && warnings.get(0).contains("truncated or damaged")
                && warnings.get(0).contains(all + " frames"), warnings.get(0));

        LiveReport r = live(cut, dir.resolve("truncated-out"));
        assertEquals(decodable, r.stats().frames());
        assertEquals(1, r.warnings().size(), r.warnings().toString());
        String ours = warnings.get(0).substring(0, warnings.get(0).indexOf("decode:"));
        assertTrue(r.warnings().get(0).startsWith(ours), "the live run reports the same: " + r.warnings());
    }

    /** Containers that do not declare a frame count (webm) or declare it in their header (avi): both warn, neither throws. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"cut.webm, libvpx-vp9, FFmpeg reported errors", "cut.avi, mpeg4, truncated or damaged"})
    void truncatedWebmAndAviWarnToo(String name, String encoder, String expected) throws Exception {
        Path full = dir.resolve("full-" + name);
        FfmpegCli.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-frames:v", "50", "-c:v", encoder, "-b:v", "300k", full.toString());
        byte[] bytes = Files.readAllBytes(full);
        Path cut = dir.resolve(name);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 6 / 10));
        int decodable = FfmpegCli.countFrames(cut);
        assertTrue(decodable > 0 && decodable < 50, "cut mid-stream: " + decodable);
        int n = 0;
        try (FrameSource s = FrameSources.video(cut); Mat m = new Mat()) {
            while (s.read(m)) n++;
            assertEquals(1, s.warnings().size(), s.warnings().toString());
            assertTrue(s.warnings().get(0).contains(expected), s.warnings().get(0));
        }
        assertEquals(decodable, n, "the frames ffprobe decodes");
    }

    @Test
    void annotatedVideoCanBeH264Mp4() {
        var net = Models.build(ModelSpec.paper(Architecture.SMALL), Optimizer.adam(1e-3));
        var clf = new ExpressionClassifier("untrained-small", "none", net, InputPreprocessing.project(48, 1), Emotion.FER2013);
        Path out = dir.resolve("mp4-out");
        LiveReport r = LiveSession.run(FrameSources.open(clip), clf, LiveConfig.defaults().withOut(out).withVideoFormat("mp4"));
        assertEquals(out.resolve("annotated.mp4"), r.video());
        assertEquals("h264", FfmpegCli.codec(r.video()));
        assertEquals(12, FfmpegCli.countFrames(r.video()));
        assertEquals(12, readAll(r.video(), 320, 240));
    }
}
