package fer.live;

/**
 * One face in one frame: its track id (the same face keeps its id across frames), its box, the
 * classifier's probabilities for this frame and their smoothed version, which is what gets displayed.
 *
 * @param id       track id, stable while the face stays in view
 * @param age      frames this track has been seen, this one included
 * @param raw      this frame's class probabilities
 * @param smoothed exponential moving average of {@code raw} over the track's frames
 */
public record TrackedFace(int id, Box box, float[] raw, float[] smoothed, int age) {

    /** Index of the most probable class after smoothing: the label shown. */
    public int top() {
        return argmax(smoothed);
    }

    /** Smoothed probability of the shown label. */
    public float confidence() {
        return smoothed[top()];
    }

    /** Index of the most probable class in this frame alone (what an unsmoothed display would show). */
    public int rawTop() {
        return argmax(raw);
    }

    static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
        return best;
    }
}
