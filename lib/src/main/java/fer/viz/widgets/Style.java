package fer.viz.widgets;

/** A control's style model ({@code SliderStyleModel}, {@code ButtonStyleModel}...): its keys unset, as ipywidgets has them. */
public final class Style extends Widget {
    Style(String model, Object... keyValues) {
        super(CONTROLS, VERSION, model, BASE, VERSION, "StyleView");
        defaults(keyValues);
        open();
    }

    static Style slider() {
        return new Style("SliderStyleModel", "description_width", "", "handle_color", null);
    }

    static Style description() {
        return new Style("DescriptionStyleModel", "description_width", "");
    }

    static Style toggleButtons() {
        return new Style("ToggleButtonsStyleModel", "button_width", "", "description_width", "", "font_weight", "");
    }

    static Style checkbox() {
        return new Style("CheckboxStyleModel", "background", null, "description_width", "");
    }

    static Style button() {
        return new Style("ButtonStyleModel", "button_color", null, "font_family", null, "font_size", null, "font_style", null,
                "font_variant", null, "font_weight", null, "text_color", null, "text_decoration", null);
    }

    static Style label() {
        return new Style("LabelStyleModel", "background", null, "description_width", "", "font_family", null, "font_size", null,
                "font_style", null, "font_variant", null, "font_weight", null, "text_color", null, "text_decoration", null);
    }

    static Style html() {
        return new Style("HTMLStyleModel", "background", null, "description_width", "", "font_size", null, "text_color", null);
    }

    /** Sets a style property, e.g. {@code set("description_width", "initial")}. */
    public Style set(String property, Object value) {
        put(property, value);
        return this;
    }

    @Override
    public Style show() {
        super.show();
        return this;
    }
}
