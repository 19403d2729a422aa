package fer.live;

/**
 * Haar cascade face detection settings (OpenCV {@code detectMultiScale}).
 *
 * @param scaleFactor  image pyramid step (1.1: 10% per level; larger is faster, misses more faces)
 * @param minNeighbors overlapping candidate windows needed to keep a face (higher: fewer false faces)
 * @param minFaceSize  smallest face kept, in full-frame pixels
 * @param downscale    the gray frame is shrunk by this factor before detection (2: half width and height);
 *                     detection cost falls with the square of it
 * @param maxDetectWidth frames are shrunk further when needed so detection never runs on more than this
 *                     many columns (a 1920-pixel photo and a 640-pixel webcam frame cost about the same)
 * @param fullFrameEvery in a video, the whole frame is searched every this many frames; in between only
 *                     the regions around the faces already tracked are (a fraction of the cost). 1: always
 *                     the whole frame. Stills are always searched whole.
 */
public record DetectorConfig(double scaleFactor, int minNeighbors, int minFaceSize, double downscale, int maxDetectWidth,
                             int fullFrameEvery) {

    public DetectorConfig {
        if (!(scaleFactor > 1.0)) throw new IllegalArgumentException("scaleFactor must be > 1, got " + scaleFactor);
        if (minNeighbors < 0) throw new IllegalArgumentException("minNeighbors must be ≥ 0, got " + minNeighbors);
        if (minFaceSize < 1) throw new IllegalArgumentException("minFaceSize must be ≥ 1 pixel, got " + minFaceSize);
        if (!(downscale >= 1.0)) throw new IllegalArgumentException("downscale must be ≥ 1, got " + downscale);
        if (maxDetectWidth < 64) throw new IllegalArgumentException("maxDetectWidth must be ≥ 64, got " + maxDetectWidth);
        if (fullFrameEvery < 1) throw new IllegalArgumentException("fullFrameEvery must be ≥ 1, got " + fullFrameEvery);
    }

    /**
     * Defaults: pyramid step 1.2, 5 neighbours, faces of at least 60 pixels (a tenth of a webcam frame's
     * width), detection at half size and at most 480 columns (a 640×480 frame is searched at 320×240), the
     * whole frame every 5th video frame. Measured here: step 1.1 and 40-pixel faces cost 2.7× the time per
     * full search for no extra face at webcam distance.
     */
    public static DetectorConfig defaults() {
        return new DetectorConfig(1.2, 5, 60, 2.0, 480, 5);
    }

    public DetectorConfig withScaleFactor(double s) {
        return new DetectorConfig(s, minNeighbors, minFaceSize, downscale, maxDetectWidth, fullFrameEvery);
    }

    public DetectorConfig withMinNeighbors(int n) {
        return new DetectorConfig(scaleFactor, n, minFaceSize, downscale, maxDetectWidth, fullFrameEvery);
    }

    public DetectorConfig withMinFaceSize(int px) {
        return new DetectorConfig(scaleFactor, minNeighbors, px, downscale, maxDetectWidth, fullFrameEvery);
    }

    public DetectorConfig withDownscale(double f) {
        return new DetectorConfig(scaleFactor, minNeighbors, minFaceSize, f, maxDetectWidth, fullFrameEvery);
    }

    public DetectorConfig withMaxDetectWidth(int w) {
        return new DetectorConfig(scaleFactor, minNeighbors, minFaceSize, downscale, w, fullFrameEvery);
    }

    public DetectorConfig withFullFrameEvery(int n) {
        return new DetectorConfig(scaleFactor, minNeighbors, minFaceSize, downscale, maxDetectWidth, n);
    }

    /** The factor a {@code frameWidth}-wide frame is shrunk by before detection. */
    public double factorFor(int frameWidth) {
        return Math.max(downscale, (double) frameWidth / maxDetectWidth);
    }
}
