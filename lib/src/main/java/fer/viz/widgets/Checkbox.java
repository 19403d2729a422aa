package fer.viz.widgets;

import java.util.function.Consumer;

/** A yes/no control ({@code Checkbox}). */
public final class Checkbox extends Widget {
    public Checkbox(String description, boolean value) {
        super(CONTROLS, VERSION, "CheckboxModel", CONTROLS, VERSION, "CheckboxView");
        dom(Style.checkbox(), description);
        defaults("disabled", false, "indent", true, "value", value);
        open();
    }

    public boolean value() {
        return Boolean.TRUE.equals(get("value"));
    }

    public Checkbox value(boolean v) {
        put("value", v);
        return this;
    }

    public Checkbox onChange(Consumer<Boolean> listener) {
        observe("value", (old, now) -> listener.accept(Boolean.TRUE.equals(now)));
        return this;
    }

    @Override
    public Checkbox show() {
        super.show();
        return this;
    }
}
