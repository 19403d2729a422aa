package fer.viz.widgets;

import java.util.List;
import java.util.stream.Collectors;

/** Widgets side by side ({@link #horizontal}, {@code HBox}) or stacked ({@link #vertical}, {@code VBox}). */
public final class Box extends Widget {
    private final List<Widget> children;

    private Box(String model, List<Widget> children) {
        super(CONTROLS, VERSION, model, CONTROLS, VERSION, model.replace("Model", "View"));
        this.children = List.copyOf(children);
        defaults("_dom_classes", List.of(), "layout", newLayout(), "tabbable", null, "tooltip", null, "box_style", "",
                "children", this.children.stream().map(Widget::ref).toList());
        open();
    }

    public static Box horizontal(Widget... children) {
        return new Box("HBoxModel", List.of(children));
    }

    public static Box vertical(Widget... children) {
        return new Box("VBoxModel", List.of(children));
    }

    public List<Widget> children() {
        return children;
    }

    @Override
    public String toString() {
        String sep = get("_model_name").equals("HBoxModel") ? " | " : "\n";
        return children.stream().map(Widget::toString).collect(Collectors.joining(sep));
    }

    @Override
    public Box show() {
        super.show();
        return this;
    }
}
