package fer.live;

import java.util.Locale;

/**
 * What every video source (a file or a camera, through FFmpeg or OpenCV) keeps the same way: the frame count,
 * frame names, and frame times — a file's from the file itself, so a log of the same video is the same every run;
 * a camera's from the wall clock.
 */
abstract class VideoFrames implements FrameSource {
    final boolean camera;
    private final long start = System.nanoTime();
    /** Index of the frame last read (-1: none yet). */
    int index = -1;
    private double time;

    VideoFrames(boolean camera) {
        this.camera = camera;
    }

    /** Counts one more frame read; {@code fileTime} (seconds) is its time in a file, ignored for a camera. */
    void advance(double fileTime) {
        index++;
        time = camera ? (System.nanoTime() - start) / 1e9 : fileTime;
    }

    /** A frame rate as a container reports it, or 0 when it is not a usable one (unknown, 0, absurd). */
    static double usableFps(double f) {
        return Double.isFinite(f) && f > 0 && f < 1000 ? f : 0;
    }

    @Override
    public String frameName() {
        return String.format(Locale.ROOT, "frame-%06d", index);
    }

    @Override
    public double timeSeconds() {
        return time;
    }

    @Override
    public boolean stills() {
        return false;
    }
}
