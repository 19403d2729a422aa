package fer.train;

import static org.junit.jupiter.api.Assertions.*;

import fer.viz.Display;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Notebook 03's live curves: one display, redrawn in place after every epoch; nothing outside a notebook. */
class LiveCurvesTest {
    @Test
    void theChartIsShownOnceAndUpdatedEveryEpoch() {
        List<String> calls = new ArrayList<>();
        Display.Sink sink = new Display.Sink() {
            @Override
            public String display(Object value, String mime) {
                calls.add("display " + (value instanceof java.awt.image.BufferedImage));
                return "d1";
            }

            @Override
            public void update(String id, Object value, String mime) {
                calls.add("update " + id + " " + (value instanceof java.awt.image.BufferedImage));
            }
        };
        TrainingCurves.Live live = TrainingCurves.live("Small CNN");
        Display.capturing(sink, () -> {
            live.onTrainBegin(3, "training");
            for (int e = 1; e <= 3; e++) live.onEpochDone(new EpochMetrics(e, 1.0 / e, 0.3 * e, 1.2 / e, 0.25 * e, 1e-3, 1), "");
        });
        assertEquals(List.of("display true", "update d1 true", "update d1 true"), calls);
        assertEquals(3, live.history().size());

        TrainingCurves.Live headless = TrainingCurves.live("Small CNN");
        headless.onEpochDone(new EpochMetrics(1, 1, 0.3, 1.2, 0.25, 1e-3, 1), "");
        assertEquals(1, headless.history().size(), "outside a notebook it only keeps the epochs");
    }
}
