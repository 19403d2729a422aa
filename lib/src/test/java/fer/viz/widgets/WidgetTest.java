package fer.viz.widgets;

import static org.junit.jupiter.api.Assertions.*;

import fer.viz.Display;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The widget models without a kernel: what a front end's messages do to them (the messages themselves are checked
 * against ipywidgets on the real kernel in environment/tests/test_widgets.py).
 */
class WidgetTest {
    @Test
    void anUpdateFromTheFrontEndSetsTheValueAsJavaKeepsIt() {
        Slider s = Slider.ofInt("units", 0, 10, 1, 3);
        List<Number> heard = new ArrayList<>();
        s.onChange(heard::add);
        s.receive("{\"method\": \"update\", \"state\": {\"value\": 7.0}, \"buffer_paths\": []}");
        assertEquals(7, s.value(), "an IntSlider keeps an int, whatever number type JSON gave");
        assertInstanceOf(Integer.class, s.value());
        assertEquals(List.of(7), heard);
        s.receive("{\"method\": \"update\", \"state\": {\"value\": 7}, \"buffer_paths\": []}");
        assertEquals(List.of(7), heard, "no change, no event");
    }

    @Test
    void aLogSliderHoldsTheValueNotTheExponent() {
        Slider lr = Slider.logarithmic("lr", -5, -2, 0.25, 1e-4);
        assertEquals(1e-4, lr.value().doubleValue());
        assertEquals(-5.0, lr.state().get("min"));
        assertEquals(10.0, lr.state().get("base"));
    }

    @Test
    void aChoiceIsAnIndexOverJavaValues() {
        Choice<Integer> batch = Choice.dropdown("batch size", List.of(128, 256), 256);
        assertEquals(1, batch.index());
        assertEquals(List.of("128", "256"), batch.state().get("_options_labels"));
        batch.receive("{\"method\": \"update\", \"state\": {\"index\": 0}}");
        assertEquals(128, batch.value());
        var e = assertThrows(IllegalArgumentException.class, () -> batch.receive("{\"method\": \"update\", \"state\": {\"index\": 5}}"));
        assertTrue(e.getMessage().contains("index 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Choice.dropdown("x", List.of("a"), "b"));
    }

    @Test
    void aClickMessageRunsTheHandlers() {
        Button b = new Button("Train");
        int[] clicks = {0};
        b.onClick(() -> clicks[0]++);
        b.receive("{\"method\": \"custom\", \"content\": {\"event\": \"click\"}}");
        b.receive("{\"method\": \"custom\", \"content\": {\"event\": \"something else\"}}");
        assertEquals(1, clicks[0]);
        assertThrows(IllegalArgumentException.class, () -> b.receive("{\"method\": \"launch\"}"));
    }

    @Test
    void anOutputShowsWhatTheLibraryDisplaysWhileItCaptures() {
        Output out = new Output();
        out.capture(() -> {
            String id = Display.html("<b>epoch 1</b>");
            Display.text("a line");
            Display.updateHtml(id, "<b>epoch 2</b>");
            Display.show(new java.awt.image.BufferedImage(4, 3, java.awt.image.BufferedImage.TYPE_INT_RGB));
        });
        List<Map<String, Object>> o = out.outputs();
        assertEquals(3, o.size(), "the update replaced its display, in place");
        assertEquals("<b>epoch 2</b>", data(o.get(0)).get("text/html"));
        assertEquals("epoch 2", data(o.get(0)).get("text/plain"), "an HTML output carries a text fallback");
        assertEquals("a line", data(o.get(1)).get("text/plain"));
        assertTrue(((String) data(o.get(2)).get("image/png")).startsWith("iVBOR"), "a PNG, base64");
        assertEquals(o, out.state().get("outputs"), "the outputs are the model's synced state");
        assertNull(Display.text("outside"), "after capture, display goes back to the kernel (none here)");
        assertEquals(3, out.clear().outputs().size() + 3);
    }

    @Test
    void boxesReferToTheirChildrenModels() {
        Text a = Text.label("a");
        Text b = Text.html("<i>b</i>");
        Box row = Box.horizontal(a, b);
        assertEquals(List.of("IPY_MODEL_" + a.id(), "IPY_MODEL_" + b.id()), row.state().get("children"));
        assertEquals("a | b", row.toString(), "the text fallback of a row");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, Object> output) {
        return (Map<String, Object>) output.get("data");
    }
}
