package fer.live;

import static org.junit.jupiter.api.Assertions.*;

import fer.data.Emotion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Agreement counts only faces both runs found (same still, overlapping boxes) and compares their labels. */
class ModelAgreementTest {
    static LiveReport.FaceSample face(String still, int x, Emotion label) {
        float[] p = new float[7];
        p[label.label()] = 1;
        return new LiveReport.FaceSample(still, 0, new TrackedFace(1, new Box(x, 10, 50, 50), p, p, 1), label, null);
    }

    static LiveReport run(String model, List<LiveReport.FaceSample> faces) {
        return new LiveReport(model, "stills", null, faces, List.of(), null, List.of(), null, List.of());
    }

    @Test
    void countsMatchedFacesAndSameLabels() {
        LiveReport a = run("custom", List.of(face("p1.jpg", 0, Emotion.HAPPY), face("p1.jpg", 200, Emotion.SAD),
                face("p2.jpg", 0, Emotion.ANGRY), face("p2.jpg", 400, Emotion.NEUTRAL)));
        LiveReport b = run("faceapi", List.of(face("p1.jpg", 5, Emotion.HAPPY), face("p1.jpg", 205, Emotion.HAPPY),
                face("p2.jpg", 2, Emotion.ANGRY)));
        LiveReport c = run("fer2013", List.of(face("p1.jpg", 0, Emotion.HAPPY), face("p2.jpg", 0, Emotion.FEAR)));
        ModelAgreement.Pair ab = ModelAgreement.of(a, b);
        assertEquals(3, ab.faces(), "the 4th face of a has no partner in b");
        assertEquals(2, ab.same());
        assertEquals(2 / 3.0, ab.agreement(), 1e-12);

        List<ModelAgreement.Pair> pairs = ModelAgreement.pairs(List.of(a), List.of(b, c));
        assertEquals(List.of("custom/faceapi", "custom/fer2013", "faceapi/fer2013"), pairs.stream().map(p -> p.model() + "/" + p.other()).toList());
        assertEquals(new ModelAgreement.Pair("faceapi", "fer2013", 2, 1), pairs.get(2));
        var t = ModelAgreement.table(pairs);
        assertEquals(3, t.rowCount());
        assertEquals(66.7, t.doubleColumn("agreement %").get(0), 1e-9);
        assertTrue(Double.isNaN(ModelAgreement.of(a, run("none", List.of())).agreement()));
    }
}
