package fer.viz.widgets;

/** Text that Java updates in place: a {@link #label} ({@code Label}, plain) or {@link #html} ({@code HTML}). */
public final class Text extends Widget {
    private Text(String model, Style style, String value) {
        super(CONTROLS, VERSION, model, CONTROLS, VERSION, model.replace("Model", "View"));
        dom(style, "");
        defaults("placeholder", "\u200b", "value", value == null ? "" : value);
        open();
    }

    public static Text label(String value) {
        return new Text("LabelModel", Style.label(), value);
    }

    public static Text html(String value) {
        return new Text("HTMLModel", Style.html(), value);
    }

    public String value() {
        return String.valueOf(get("value"));
    }

    public Text value(String v) {
        put("value", v == null ? "" : v);
        return this;
    }

    @Override
    public String toString() {
        String v = value();
        return v.startsWith("<") ? v.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip() : v;
    }

    @Override
    public Text show() {
        super.show();
        return this;
    }
}
