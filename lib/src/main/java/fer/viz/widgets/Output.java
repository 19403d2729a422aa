package fer.viz.widgets;

import fer.viz.Display;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An output area ({@code OutputModel} of {@code @jupyter-widgets/output}) that shows what the library displays while
 * {@link #capture} runs: the way a button's handler shows a chart or a table, since a click has no cell to print into.
 *
 * <p>The outputs travel as the model's {@code outputs} state (a list of display_data outputs, as ipywidgets'
 * {@code Output.append_display_data} sends them), not by routing kernel messages through {@code msg_id}: the shell
 * handles a click's comm message, and its messages have no cell as parent.
 */
public final class Output extends Widget implements Display.Sink {
    private final List<String> ids = new ArrayList<>();
    private final List<Map<String, Object>> outputs = new ArrayList<>();
    private int next;

    public Output() {
        super("@jupyter-widgets/output", "1.0.0", "OutputModel", "@jupyter-widgets/output", "1.0.0", "OutputView");
        defaults("_dom_classes", List.of(), "layout", newLayout(), "tabbable", null, "tooltip", null, "msg_id", "",
                "outputs", List.of());
        open();
    }

    /** Runs {@code work} with the library's display calls ({@link Display}) shown in this area. */
    public Output capture(Runnable work) {
        Display.capturing(this, work);
        return this;
    }

    /** Empties the area. */
    public synchronized Output clear() {
        ids.clear();
        outputs.clear();
        put("outputs", List.of());
        return this;
    }

    /** The outputs shown, as Jupyter output dicts (display_data with its MIME bundle). */
    public synchronized List<Map<String, Object>> outputs() {
        return List.copyOf(outputs);
    }

    @Override
    public synchronized String display(Object value, String mime) {
        String id = id() + "-" + (++next);
        ids.add(id);
        outputs.add(output(value, mime));
        put("outputs", List.copyOf(outputs));
        return id;
    }

    @Override
    public synchronized void update(String displayId, Object value, String mime) {
        int i = ids.indexOf(displayId);
        if (i < 0) return; // not shown here (cleared since): as the kernel ignores an unknown display id
        outputs.set(i, output(value, mime));
        put("outputs", List.copyOf(outputs));
    }

    private static Map<String, Object> output(Object value, String mime) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("output_type", "display_data");
        o.put("data", Display.mimeBundle(value, mime));
        o.put("metadata", Map.of());
        return o;
    }

    @Override
    public synchronized String toString() {
        List<String> texts = new ArrayList<>();
        for (Map<String, Object> o : outputs) {
            @SuppressWarnings("unchecked") Map<String, Object> data = (Map<String, Object>) o.get("data");
            texts.add(String.valueOf(data.get("text/plain")));
        }
        return String.join("\n", texts);
    }

    @Override
    public Output show() {
        super.show();
        return this;
    }
}
