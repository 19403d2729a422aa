package fer.viz.widgets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A button ({@code Button}): the front end sends a {@code custom} message {@code {"event": "click"}}, and the click
 * handlers run in the kernel, one click at a time, after any cell that is running.
 */
public final class Button extends Widget {
    private final List<Runnable> onClick = new ArrayList<>();

    public Button(String description) {
        super(CONTROLS, VERSION, "ButtonModel", CONTROLS, VERSION, "ButtonView");
        defaults("_dom_classes", List.of(), "layout", newLayout(), "tabbable", null, "tooltip", null,
                "button_style", "", "description", description, "disabled", false, "icon", "", "style", Style.button().ref());
        open();
    }

    public Button onClick(Runnable handler) {
        onClick.add(handler);
        return this;
    }

    /** Runs the click handlers as a click from the front end does (for code and tests). */
    public void click() {
        for (Runnable r : List.copyOf(onClick)) r.run();
    }

    /** Greys the button out (e.g. while a click's work runs) or enables it again. */
    public Button disabled(boolean d) {
        put("disabled", d);
        return this;
    }

    /** {@code ""}, {@code primary}, {@code success}, {@code info}, {@code warning} or {@code danger}. */
    public Button buttonStyle(String s) {
        put("button_style", s);
        return this;
    }

    @Override
    void custom(Map<String, Object> content) {
        if ("click".equals(content.get("event"))) click();
    }

    @Override
    public String toString() {
        return "Button(description='" + get("description") + "')";
    }

    @Override
    public Button show() {
        super.show();
        return this;
    }
}
