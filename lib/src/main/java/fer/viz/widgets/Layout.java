package fer.viz.widgets;

/** The CSS layout of a widget ({@code LayoutModel}): every property unset, as ipywidgets creates it; width settable. */
public final class Layout extends Widget {
    private static final String[] PROPERTIES = {"align_content", "align_items", "align_self", "border_bottom", "border_left",
            "border_right", "border_top", "bottom", "display", "flex", "flex_flow", "grid_area", "grid_auto_columns",
            "grid_auto_flow", "grid_auto_rows", "grid_column", "grid_gap", "grid_row", "grid_template_areas",
            "grid_template_columns", "grid_template_rows", "height", "justify_content", "justify_items", "left", "margin",
            "max_height", "max_width", "min_height", "min_width", "object_fit", "object_position", "order", "overflow", "padding",
            "right", "top", "visibility", "width"};

    Layout() {
        super(BASE, VERSION, "LayoutModel", BASE, VERSION, "LayoutView");
        for (String p : PROPERTIES) defaults(p, null);
        open();
    }

    /** Sets a CSS property, e.g. {@code width("40em")}. */
    public Layout set(String property, String css) {
        put(property, css);
        return this;
    }

    @Override
    public Layout show() {
        super.show();
        return this;
    }
}
