package fer.viz.widgets;

/**
 * The three sliders ipywidgets has for numbers: {@link #ofInt}, {@link #ofFloat} and {@link #logarithmic} (the value is
 * {@code base^x} for x on the slider, as {@code FloatLogSlider}). One class, since they differ only in the model's name,
 * the value's type and the readout format.
 */
public final class Slider extends Widget {
    private final boolean integer;

    private Slider(String model, boolean integer, String description, Object min, Object max, Object step, Object value,
                   String readoutFormat, Object... extra) {
        super(CONTROLS, VERSION, model, CONTROLS, VERSION, model.replace("Model", "View"));
        this.integer = integer;
        dom(Style.slider(), description);
        defaults("behavior", "drag-tap", "continuous_update", true, "disabled", false, "max", max, "min", min,
                "orientation", "horizontal", "readout", true, "readout_format", readoutFormat, "step", step, "value", value);
        defaults(extra);
        open();
    }

    /** {@code IntSlider}: integers from min to max by step. */
    public static Slider ofInt(String description, int min, int max, int step, int value) {
        return new Slider("IntSliderModel", true, description, min, max, step, value, "d");
    }

    /** {@code FloatSlider}: decimals from min to max by step. */
    public static Slider ofFloat(String description, double min, double max, double step, double value) {
        return new Slider("FloatSliderModel", false, description, min, max, step, value, ".2f");
    }

    /** {@code FloatLogSlider}: {@code 10^x} for x from minExponent to maxExponent, e.g. a learning rate from 1e-5 to 1e-2. */
    public static Slider logarithmic(String description, double minExponent, double maxExponent, double step, double value) {
        return new Slider("FloatLogSliderModel", false, description, minExponent, maxExponent, step, value, ".3g", "base", 10.0);
    }

    /** The value as a number (an int for {@link #ofInt}). */
    public Number value() {
        return (Number) get("value");
    }

    public Slider value(Number v) {
        put("value", coerce("value", v));
        return this;
    }

    /** Whether the front end sends the value while dragging (true) or on release only. */
    public Slider continuousUpdate(boolean on) {
        put("continuous_update", on);
        return this;
    }

    /** Calls {@code listener} with the new value whenever it changes. */
    public Slider onChange(java.util.function.Consumer<Number> listener) {
        observe("value", (old, now) -> listener.accept((Number) now));
        return this;
    }

    @Override
    Object coerce(String key, Object value) {
        if (value instanceof Number n && (key.equals("value") || key.equals("min") || key.equals("max") || key.equals("step"))) {
            return integer ? (Object) n.intValue() : (Object) n.doubleValue();
        }
        return value;
    }

    @Override
    public Slider show() {
        super.show();
        return this;
    }
}
