package fer.live;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceTrackerTest {
    static final int HAPPY = 3, SAD = 4;

    static float[] probs(int top, float p, int second) {
        float[] v = new float[7];
        float rest = (1 - p - (1 - p) * 0.8f) / 5;
        for (int i = 0; i < 7; i++) v[i] = rest;
        v[top] = p;
        v[second] = (1 - p) * 0.8f;
        return v;
    }

    @Test
    void flickeringRawLabelsComeOutStable() {
        FaceTracker tracker = new FaceTracker(FaceTracker.Config.defaults().withSmoothing(0.7));
        int rawChanges = 0, shownChanges = 0, lastRaw = -1, lastShown = -1;
        for (int frame = 0; frame < 40; frame++) {
            // happy 0.60 / sad 0.32 on even frames, sad 0.50 / happy 0.40 on odd ones: happy on average
            float[] p = frame % 2 == 0 ? probs(HAPPY, 0.60f, SAD) : probs(SAD, 0.50f, HAPPY);
            Box b = new Box(100 + frame % 3, 80 - frame % 2, 120, 120); // a little detector jitter
            TrackedFace f = tracker.update(List.of(b), List.<float[]>of(p)).get(0);
            assertEquals(1, f.id(), "the same face keeps its track");
            if (lastRaw >= 0 && f.rawTop() != lastRaw) rawChanges++;
            if (lastShown >= 0 && f.top() != lastShown) shownChanges++;
            lastRaw = f.rawTop();
            lastShown = f.top();
        }
        assertEquals(39, rawChanges, "the raw label flips every frame");
        assertEquals(0, shownChanges, "the smoothed label never flips");
        assertEquals(HAPPY, lastShown);
    }

    @Test
    void aRealChangeOfExpressionGetsThroughWithinAFewFrames() {
        FaceTracker tracker = new FaceTracker(FaceTracker.Config.defaults().withSmoothing(0.7));
        Box b = new Box(10, 10, 100, 100);
        for (int i = 0; i < 20; i++) tracker.update(List.of(b), List.<float[]>of(probs(HAPPY, 0.9f, SAD)));
        int switchedAt = -1;
        for (int i = 0; i < 20 && switchedAt < 0; i++) {
            if (tracker.update(List.of(b), List.<float[]>of(probs(SAD, 0.9f, HAPPY))).get(0).top() == SAD) switchedAt = i;
        }
        // EMA 0.7: happy 0.9 -> 0.9*0.7^k + 0.08*(1-0.7^k) falls below sad's rise after k = 2 frames
        assertEquals(1, switchedAt);
    }

    @Test
    void smoothingZeroShowsEachFrameAsItIs() {
        FaceTracker tracker = new FaceTracker(FaceTracker.Config.defaults().withSmoothing(0));
        Box b = new Box(0, 0, 50, 50);
        tracker.update(List.of(b), List.<float[]>of(probs(HAPPY, 0.9f, SAD)));
        TrackedFace f = tracker.update(List.of(b), List.<float[]>of(probs(SAD, 0.6f, HAPPY))).get(0);
        assertEquals(SAD, f.top());
        assertArrayEquals(f.raw(), f.smoothed(), 1e-7f);
    }

    @Test
    void twoFacesKeepTheirIdsWhenListedInTheOtherOrderAndANewFaceGetsANewId() {
        FaceTracker tracker = new FaceTracker(FaceTracker.Config.defaults());
        Box left = new Box(0, 0, 100, 100), right = new Box(300, 0, 100, 100);
        float[] p = probs(HAPPY, 0.5f, SAD);
        List<TrackedFace> a = tracker.update(List.of(left, right), List.of(p, p));
        List<TrackedFace> b = tracker.update(List.of(new Box(305, 2, 100, 100), new Box(4, 3, 100, 100)), List.of(p, p));
        assertEquals(a.get(1).id(), b.get(0).id());
        assertEquals(a.get(0).id(), b.get(1).id());
        assertEquals(2, b.get(0).age());
        List<TrackedFace> c = tracker.update(List.of(new Box(600, 300, 80, 80)), List.<float[]>of(p));
        assertEquals(3, c.get(0).id());
        assertEquals(3, tracker.size(), "the two missing faces are remembered for maxMissed frames");
    }

    @Test
    void aFaceMissingForLongerThanMaxMissedIsForgotten() {
        FaceTracker tracker = new FaceTracker(new FaceTracker.Config(0.7, 0.3, 2));
        Box b = new Box(0, 0, 100, 100);
        float[] p = probs(HAPPY, 0.5f, SAD);
        int id = tracker.update(List.of(b), List.<float[]>of(p)).get(0).id();
        tracker.update(List.of(), List.of());
        tracker.update(List.of(), List.of());
        assertEquals(id, tracker.update(List.of(b), List.<float[]>of(p)).get(0).id(), "back after 2 missed frames: same track");
        for (int i = 0; i < 3; i++) tracker.update(List.of(), List.of());
        assertNotEquals(id, tracker.update(List.of(b), List.<float[]>of(p)).get(0).id(), "after 3 missed frames: a new track");
    }

    @Test
    void boxOverlapAndMargin() {
        Box a = new Box(0, 0, 10, 10), b = new Box(5, 0, 10, 10);
        assertEquals(50.0 / 150.0, a.iou(b), 1e-12);
        assertEquals(0.0, a.iou(new Box(20, 20, 5, 5)));
        assertEquals(1.0, a.iou(a));
        assertEquals(new Box(0, 0, 12, 12), a.withMargin(0.2, 100, 100), "clipped at the frame's top-left");
        assertEquals(new Box(8, 8, 24, 24), new Box(10, 10, 20, 20).withMargin(0.1, 32, 32));
        List<float[]> none = new ArrayList<>();
        assertThrows(IllegalArgumentException.class, () -> new FaceTracker(FaceTracker.Config.defaults()).update(List.of(a), none));
    }
}
