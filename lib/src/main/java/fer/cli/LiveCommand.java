package fer.cli;

import fer.model.FaceApiPackage;
import fer.live.FaceApiPhotos;

import fer.Study;
import fer.live.DemoVideo;
import fer.live.DetectorConfig;
import fer.live.ExpressionClassifier;
import fer.live.FrameSource;
import fer.live.FrameSources;
import fer.live.LiveConfig;
import fer.live.LiveException;
import fer.live.LiveReport;
import fer.live.LiveSession;
import fer.train.StudyModels;
import picocli.CommandLine.Mixin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fer live}: the real-time expression recogniser on a camera, a video, an image or a folder of
 * images; prints the frames per second and the time per stage at the end.
 */
@Command(name = "live", mixinStandardHelpOptions = true, subcommands = LiveCommand.DemoVideoCommand.class,
        description = {"Detect faces (Haar cascade), classify their expressions and draw them, frame by frame.",
                "Examples: fer live --source 0 --model custom;  fer live --source runs/demo.avi --model small --out runs/live --no-window"})
public final class LiveCommand implements Callable<Integer> {
    @Option(names = "--source", paramLabel = "0|FILE|DIR", description = "camera index (/dev/videoN), video file (anything FFmpeg decodes: .mp4, .avi, .webm, .mov, ...), image, or folder of images")
    String source;

    @Option(names = "--model", defaultValue = "custom", paramLabel = "NAME|PATH",
            description = "a saved model (zip path, or name under models/) or small | custom | baseline | faceapi | fer2013-xception (default: ${DEFAULT-VALUE})")
    String model;

    @Mixin StudyOptions options;

    @Option(names = "--out", paramLabel = "DIR", description = "write the annotated video (annotated.avi or .mp4) or images and detections.jsonl here")
    Path out;

    @Option(names = "--video-format", defaultValue = "avi", paramLabel = "avi|mp4",
            description = "the annotated video under --out: avi (MJPG, OpenCV) or mp4 (H.264, FFmpeg) (default: ${DEFAULT-VALUE})")
    String videoFormat;

    @Option(names = "--no-window", description = "never open a window (the default when there is no display)")
    boolean noWindow;

    @Option(names = "--smoothing", defaultValue = "0.7", paramLabel = "A",
            description = "weight of the past in the probabilities' moving average, 0 = none (default: ${DEFAULT-VALUE})")
    double smoothing;

    @Option(names = "--margin", defaultValue = "0.1", description = "crop margin around a face box, share of its size (default: ${DEFAULT-VALUE})")
    double margin;

    @Option(names = "--scale-factor", defaultValue = "1.2", description = "Haar cascade pyramid step (default: ${DEFAULT-VALUE})")
    double scaleFactor;

    @Option(names = "--min-neighbors", defaultValue = "5", description = "Haar cascade neighbours to keep a face (default: ${DEFAULT-VALUE})")
    int minNeighbors;

    @Option(names = "--min-size", defaultValue = "60", description = "smallest face in frame pixels (default: ${DEFAULT-VALUE})")
    int minSize;

    @Option(names = "--downscale", defaultValue = "2", description = "detect on the frame shrunk by this factor (default: ${DEFAULT-VALUE})")
    double downscale;

    @Option(names = "--max-detect-width", defaultValue = "480", description = "shrink further so detection sees at most this width (default: ${DEFAULT-VALUE})")
    int maxDetectWidth;

    @Option(names = "--full-frame-every", defaultValue = "5",
            description = "search the whole frame every N video frames, in between only around tracked faces (default: ${DEFAULT-VALUE})")
    int fullFrameEvery;

    @Option(names = "--max-frames", defaultValue = "0", description = "stop after this many frames, 0 = at the end (default: ${DEFAULT-VALUE})")
    int maxFrames;

    @Override
    public Integer call() {
        if (source == null) throw new LiveException("--source is required: a camera index (0), a video file, an image or a folder of images");
        LiveConfig cfg = LiveConfig.defaults()
                .withDetector(new DetectorConfig(scaleFactor, minNeighbors, minSize, downscale, maxDetectWidth, fullFrameEvery))
                .withSmoothing(smoothing).withMargin(margin).withWindow(!noWindow).withOut(out).withMaxFrames(maxFrames)
                .withVideoFormat(videoFormat(videoFormat));
        // the source first: a wrong path should not wait for a model to load (or train)
        FrameSource frames = FrameSources.open(source);
        ExpressionClassifier classifier;
        try {
            Study study = options.study();
            StudyModels.Saved saved = StudyModels.findOrTrain(model, study);
            classifier = ExpressionClassifier.of(saved);
        } catch (RuntimeException e) {
            frames.close();
            throw e;
        }
        System.out.println("fer live: " + frames.describe() + " -> " + classifier);
        LiveReport r = LiveSession.run(frames, classifier, cfg);
        System.out.println("fer live: " + r.stats().line());
        for (String w : r.warnings()) System.err.println("fer live: warning: " + w);
        if (r.video() != null) System.out.println("fer live: annotated video " + r.video());
        if (!r.images().isEmpty()) System.out.println("fer live: " + r.images().size() + " annotated images in " + out);
        if (r.log() != null) System.out.println("fer live: detections " + r.log());
        return 0;
    }

    private static String videoFormat(String f) {
        String v = f.trim().toLowerCase(java.util.Locale.ROOT);
        if (!fer.live.AnnotatedVideo.FORMATS.contains(v)) {
            throw new LiveException("--video-format: expected one of " + fer.live.AnnotatedVideo.FORMATS + ", got '" + f + "'");
        }
        return v;
    }

    /** {@code fer live demo-video}: a pan/zoom video over photos, to test and time {@code fer live} without a camera. */
    @Command(name = "demo-video", mixinStandardHelpOptions = true,
            description = "Write a 640x480 MJPG video panning and zooming around the largest face of each photo.")
    static final class DemoVideoCommand implements Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "PHOTO|DIR",
                description = "photos, or folders of photos (default: the face-api demo photos, unpacked from the npm package set-up fetched)")
        List<Path> photos = new ArrayList<>();

        @Option(names = "--out", required = true, paramLabel = "FILE.avi", description = "the video to write")
        Path out;

        @Option(names = "--frames-per-photo", defaultValue = "60", description = "(default: ${DEFAULT-VALUE})")
        int framesPerPhoto;

        @Override
        public Integer call() {
            Checks.atLeast("--frames-per-photo", framesPerPhoto, 1);
            List<Path> files = photoFiles(photos, fer.Workspace.fromEnvironment());
            int n = DemoVideo.write(files, out, DemoVideo.Spec.defaults().withFramesPerPhoto(framesPerPhoto));
            System.out.println("fer live demo-video: " + n + " frames from " + files.size() + " photos -> " + out);
            return 0;
        }

        /**
         * The photos to pan over: those given (folders listed), or none given, the face-api demo photos. Their folder
         * ({@code environment/.cache/npm/face-api-demo}, the docs' example) is unpacked from the cached npm package on
         * first use, so the example works on a fresh clone after set-up; without the package the error says so.
         */
        static List<Path> photoFiles(List<Path> given, fer.Workspace w) {
            Path demo = FaceApiPhotos.dir(w).toAbsolutePath().normalize();
            List<Path> files = new ArrayList<>();
            List<Path> wanted = given == null || given.isEmpty() ? List.of(demo) : given;
            for (Path p : wanted) {
                if (!java.nio.file.Files.exists(p) && p.toAbsolutePath().normalize().equals(demo)) {
                    if (FaceApiPhotos.folder(w).isEmpty()) {
                        throw new LiveException("no such photo or folder: " + p + " (the face-api demo photos are unpacked from "
                                + FaceApiPackage.NPM.tarball(w.npmCache()) + ", which environment/fer setup fetches with npm: run it, "
                                + "or give photos of your own)");
                    }
                }
                if (java.nio.file.Files.isDirectory(p)) {
                    try (var s = java.nio.file.Files.list(p)) {
                        s.filter(FrameSources::isImage).sorted().forEach(files::add);
                    } catch (java.io.IOException e) {
                        throw new LiveException("cannot list " + p + ": " + fer.FileErrors.cause(e), e);
                    }
                } else if (java.nio.file.Files.isRegularFile(p)) {
                    files.add(p);
                } else {
                    throw new LiveException("no such photo or folder: " + p);
                }
            }
            if (files.isEmpty()) throw new LiveException("no photos in " + wanted);
            return files;
        }
    }
}
