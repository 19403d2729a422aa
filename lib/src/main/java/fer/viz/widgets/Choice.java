package fer.viz.widgets;

import java.util.List;
import java.util.function.Consumer;

/**
 * One of several options: a {@link #dropdown} ({@code Dropdown}) or a row of {@link #toggleButtons} ({@code ToggleButtons}).
 * The front end knows only the labels and the selected index; the values stay in Java, as in ipywidgets.
 */
public final class Choice<T> extends Widget {
    private final List<T> options;

    private Choice(String model, Style style, String description, List<T> options, T value, Object... extra) {
        super(CONTROLS, VERSION, model, CONTROLS, VERSION, model.replace("Model", "View"));
        if (options.isEmpty()) throw new IllegalArgumentException(description + ": no options");
        this.options = List.copyOf(options);
        int index = value == null ? 0 : this.options.indexOf(value);
        if (index < 0) throw new IllegalArgumentException(description + ": " + value + " is not one of " + options);
        dom(style, description);
        defaults("_options_labels", this.options.stream().map(String::valueOf).toList(), "disabled", false, "index", index);
        defaults(extra);
        open();
    }

    public static <T> Choice<T> dropdown(String description, List<T> options, T value) {
        return new Choice<>("DropdownModel", Style.description(), description, options, value);
    }

    public static <T> Choice<T> toggleButtons(String description, List<T> options, T value) {
        return new Choice<>("ToggleButtonsModel", Style.toggleButtons(), description, options, value,
                "button_style", "", "icons", List.of(), "tooltips", List.of());
    }

    public T value() {
        return options.get(index());
    }

    public int index() {
        return ((Number) get("index")).intValue();
    }

    public Choice<T> value(T v) {
        int i = options.indexOf(v);
        if (i < 0) throw new IllegalArgumentException(v + " is not one of " + options);
        put("index", i);
        return this;
    }

    public List<T> options() {
        return options;
    }

    /** Calls {@code listener} with the selected value whenever the selection changes. */
    public Choice<T> onChange(Consumer<T> listener) {
        observe("index", (old, now) -> listener.accept(options.get(((Number) now).intValue())));
        return this;
    }

    @Override
    Object coerce(String key, Object value) {
        if (key.equals("index") && value instanceof Number n) {
            int i = n.intValue();
            if (i < 0 || i >= options.size()) throw new IllegalArgumentException("index " + i + " out of " + options.size() + " options");
            return i;
        }
        return value;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(description='" + get("description") + "', value=" + value() + ", options=" + options + ")";
    }

    @Override
    public Choice<T> show() {
        super.show();
        return this;
    }
}
