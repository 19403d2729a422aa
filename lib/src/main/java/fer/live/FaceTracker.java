package fer.live;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps labels from flickering: matches each frame's faces to the previous frames' faces by box overlap
 * (IoU, greedy, best pairs first) and smooths each face's class probabilities with an exponential
 * moving average. A face unseen for more than {@code maxMissed} frames is forgotten.
 */
public final class FaceTracker {
    /**
     * @param smoothing weight of the past in the moving average: 0 shows each frame's probabilities as
     *                  they are, 0.7 (default) makes a label change take a few frames of evidence
     * @param minIou    least overlap between a face and a track's last box for them to be the same face
     * @param maxMissed frames a track survives without a matching face (brief detector misses)
     */
    public record Config(double smoothing, double minIou, int maxMissed) {
        public Config {
            if (!(smoothing >= 0 && smoothing < 1)) throw new IllegalArgumentException("smoothing must be in [0, 1), got " + smoothing);
            if (!(minIou > 0 && minIou <= 1)) throw new IllegalArgumentException("minIou must be in (0, 1], got " + minIou);
            if (maxMissed < 0) throw new IllegalArgumentException("maxMissed must be ≥ 0, got " + maxMissed);
        }

        public static Config defaults() {
            return new Config(0.7, 0.3, 5);
        }

        public Config withSmoothing(double s) {
            return new Config(s, minIou, maxMissed);
        }
    }

    private static final class Track {
        final int id;
        Box box;
        float[] smoothed;
        int age;
        int missed;

        Track(int id, Box box, float[] p) {
            this.id = id;
            this.box = box;
            this.smoothed = p.clone();
        }
    }

    private final Config config;
    private final List<Track> tracks = new ArrayList<>();
    private int nextId = 1;

    public FaceTracker(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    /** Live tracks (faces seen recently). */
    public int size() {
        return tracks.size();
    }

    /** The last box of every live track: where to look for faces in the next frame. */
    public List<Box> boxes() {
        return tracks.stream().map(t -> t.box).toList();
    }

    /** Forgets every track (e.g. between unrelated still images). */
    public void reset() {
        tracks.clear();
    }

    /**
     * Takes one frame's faces and their probabilities ({@code probabilities.get(i)} belongs to
     * {@code boxes.get(i)}) and returns them tracked and smoothed, in the same order.
     */
    public List<TrackedFace> update(List<Box> boxes, List<float[]> probabilities) {
        if (boxes.size() != probabilities.size()) {
            throw new IllegalArgumentException(boxes.size() + " boxes but " + probabilities.size() + " probability vectors");
        }
        record Pair(int track, int face, double iou) {}
        List<Pair> pairs = new ArrayList<>();
        for (int t = 0; t < tracks.size(); t++) {
            for (int f = 0; f < boxes.size(); f++) {
                double iou = tracks.get(t).box.iou(boxes.get(f));
                if (iou >= config.minIou()) pairs.add(new Pair(t, f, iou));
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
        Track[] assigned = new Track[boxes.size()];
        boolean[] trackUsed = new boolean[tracks.size()];
        for (Pair p : pairs) {
            if (trackUsed[p.track] || assigned[p.face] != null) continue;
            trackUsed[p.track] = true;
            assigned[p.face] = tracks.get(p.track);
        }
        for (int t = tracks.size() - 1; t >= 0; t--) {
            if (!trackUsed[t] && ++tracks.get(t).missed > config.maxMissed()) tracks.remove(t);
        }
        List<TrackedFace> out = new ArrayList<>(boxes.size());
        double a = config.smoothing();
        for (int f = 0; f < boxes.size(); f++) {
            float[] p = probabilities.get(f);
            Track t = assigned[f];
            if (t == null) {
                t = new Track(nextId++, boxes.get(f), p);
                tracks.add(t);
            } else {
                if (t.smoothed.length != p.length) {
                    throw new IllegalArgumentException("face " + f + ": " + p.length + " classes, its track had " + t.smoothed.length);
                }
                float[] s = t.smoothed.clone();
                for (int i = 0; i < s.length; i++) s[i] = (float) (a * s[i] + (1 - a) * p[i]);
                t.smoothed = s;
                t.box = boxes.get(f);
                t.missed = 0;
            }
            t.age++;
            out.add(new TrackedFace(t.id, t.box, p.clone(), t.smoothed.clone(), t.age));
        }
        return out;
    }

    @Override
    public String toString() {
        return "FaceTracker" + config + " tracks=" + Arrays.toString(tracks.stream().mapToInt(t -> t.id).toArray());
    }
}
