package fer.viz.widgets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * A Jupyter widget model as ipywidgets 8 / jupyterlab_widgets 3 expect it (widget message protocol 2.1): a comm with
 * target {@code jupyter.widget} opened with the model's whole state, {@code update} messages both ways, the kernel's
 * {@code echo_update} of what the front end set, {@code request_state} answered with the whole state, and
 * {@code custom} messages (a button's click). The state keys and defaults are ipywidgets' own (the protocol test
 * compares them with ipywidgets' {@code get_state()}).
 *
 * <p>Outside the project's kernel (CLI, tests, IJava) a widget keeps its state locally and shows as text.
 */
public abstract class Widget {
    static final String TARGET = "jupyter.widget";
    static final String PROTOCOL_VERSION = "2.1.0";
    static final String CONTROLS = "@jupyter-widgets/controls", BASE = "@jupyter-widgets/base", VERSION = "2.0.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong LOCAL_IDS = new AtomicLong();
    /** Every widget opened in this kernel, by model id: a registry for the front end's request_states (as ipywidgets' own). */
    private static final Map<String, Widget> LIVE = new java.util.concurrent.ConcurrentHashMap<>();

    private final Map<String, Object> state = new LinkedHashMap<>();
    private final Map<String, List<BiConsumer<Object, Object>>> observers = new LinkedHashMap<>();
    private String id;
    private KernelComms comms;
    private Layout layout;

    /** @param model e.g. {@code IntSliderModel}; the view's name is the model's with {@code View} for {@code Model} */
    Widget(String modelModule, String modelVersion, String model, String viewModule, String viewVersion, String view) {
        state.put("_model_module", modelModule);
        state.put("_model_module_version", modelVersion);
        state.put("_model_name", model);
        state.put("_view_count", null);
        state.put("_view_module", viewModule);
        state.put("_view_module_version", viewVersion);
        state.put("_view_name", view);
    }

    /** Adds (or overrides) default state; subclasses call it from their constructors, before {@link #open()}. */
    final void defaults(Object... keyValues) {
        for (int i = 0; i < keyValues.length; i += 2) state.put((String) keyValues[i], keyValues[i + 1]);
    }

    /**
     * The keys every DOM widget has ({@code DOMWidget}): CSS classes, its {@link Layout}, tab order, tooltip; with
     * {@code style}, also a description widget's ({@code DescriptionWidget}): description, its HTML flag and style.
     */
    final void dom(Style style, String description) {
        defaults("_dom_classes", List.of(), "layout", newLayout(), "tabbable", null, "tooltip", null);
        if (style != null) defaults("description", description == null ? "" : description, "description_allow_html", false,
                "style", style.ref());
    }

    /** A new {@link Layout} for this widget; returns its reference for the state. */
    final String newLayout() {
        layout = new Layout();
        return layout.ref();
    }

    /** Sets a CSS property of this widget's layout, e.g. {@code layout("width", "22em")}. */
    public Widget layout(String property, String css) {
        if (layout == null) throw new IllegalStateException(getClass().getSimpleName() + " has no layout");
        layout.set(property, css);
        return this;
    }

    /** Opens the comm (the front end creates the model); widgets open at construction, as ipywidgets' do. */
    final void open() {
        comms = KernelComms.connected().orElse(null);
        if (comms == null) {
            id = "local-" + LOCAL_IDS.incrementAndGet();
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", state);
        data.put("buffer_paths", List.of());
        id = comms.open(TARGET, json(data), Map.of("version", PROTOCOL_VERSION), this::receive);
        LIVE.put(id, this);
    }

    /** The model id: the comm id the front end knows this model by. */
    public final String id() {
        return id;
    }

    /** How other models refer to this one in their state (a box's children, a control's layout). */
    final String ref() {
        return "IPY_MODEL_" + id;
    }

    /** A copy of the current state (ipywidgets' {@code get_state()}). */
    public final Map<String, Object> state() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(state));
    }

    final Object get(String key) {
        return state.get(key);
    }

    /** Sets one attribute and syncs it to the front end (an {@code update} message); observers hear the change. */
    final void put(String key, Object value) {
        Object old = state.put(key, value);
        Map<String, Object> one = new LinkedHashMap<>(); // may hold null, unlike Map.of
        one.put(key, value);
        if (comms != null) comms.send(id, json(update("update", one)), Map.of("version", PROTOCOL_VERSION));
        fire(key, old, value);
    }

    /** Calls {@code observer(old, new)} whenever {@code key} changes, from the front end or from Java. */
    final void observe(String key, BiConsumer<Object, Object> observer) {
        observers.computeIfAbsent(key, k -> new ArrayList<>()).add(observer);
    }

    /** Shows the widget: the widget view in JupyterLab (with this text as the fallback), the text elsewhere. */
    public Widget show() {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", toString());
        if (comms != null) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("version_major", 2);
            view.put("version_minor", 1);
            view.put("model_id", id);
            bundle.put("application/vnd.jupyter.widget-view+json", json(view));
            comms.display(bundle);
        } else {
            fer.viz.Display.text(toString());
        }
        return this;
    }

    /** The control comm's reply to request_states: every live widget's state. */
    static Map<String, Object> allStates() {
        Map<String, Object> states = new LinkedHashMap<>();
        for (Widget w : LIVE.values()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("model_name", w.state.get("_model_name"));
            one.put("model_module", w.state.get("_model_module"));
            one.put("model_module_version", w.state.get("_model_module_version"));
            one.put("state", w.state);
            states.put(w.id, one);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "update_states");
        m.put("states", states);
        m.put("buffer_paths", List.of());
        return m;
    }

    /** A message from the front end on this widget's comm (its {@code data}). */
    final void receive(String dataJson) {
        Map<String, Object> data = parse(dataJson);
        String method = String.valueOf(data.get("method"));
        switch (method) {
            case "update" -> {
                @SuppressWarnings("unchecked") Map<String, Object> changed = (Map<String, Object>) data.getOrDefault("state", Map.of());
                Map<String, Object> applied = new LinkedHashMap<>();
                for (var e : changed.entrySet()) {
                    Object v = coerce(e.getKey(), e.getValue());
                    applied.put(e.getKey(), v);
                }
                // echo first (protocol 2.1): every front end, the sender included, learns the kernel's value
                if (comms != null) comms.send(id, json(update("echo_update", applied)), Map.of("version", PROTOCOL_VERSION));
                for (var e : applied.entrySet()) fire(e.getKey(), state.put(e.getKey(), e.getValue()), e.getValue());
            }
            case "request_state" -> {
                if (comms != null) comms.send(id, json(update("update", state)), Map.of("version", PROTOCOL_VERSION));
            }
            case "custom" -> {
                @SuppressWarnings("unchecked") Map<String, Object> content = (Map<String, Object>) data.getOrDefault("content", Map.of());
                custom(content);
            }
            default -> throw new IllegalArgumentException("widget " + id + ": unknown widget message method '" + method + "'");
        }
    }

    /** A value from the front end as this widget keeps it (JSON gives Integer/Double/String/List/Map). */
    Object coerce(String key, Object value) {
        return value;
    }

    /** A {@code custom} message's content (a button's {@code {"event": "click"}}); ignored by default. */
    void custom(Map<String, Object> content) {}

    private void fire(String key, Object old, Object value) {
        if (java.util.Objects.equals(old, value)) return;
        for (BiConsumer<Object, Object> o : observers.getOrDefault(key, List.of())) o.accept(old, value);
    }

    private static Map<String, Object> update(String method, Map<String, Object> values) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("state", values);
        m.put("buffer_paths", List.of());
        return m;
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("widget state is not JSON: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("widget message is not JSON: " + json, e);
        }
    }

    @Override
    public String toString() {
        Object d = state.get("description");
        Object v = state.containsKey("value") ? state.get("value") : null;
        String name = getClass().getSimpleName();
        return name + "(" + (d != null && !"".equals(d) ? "description='" + d + "'" + (v != null ? ", " : "") : "")
                + (v != null ? "value=" + v : "") + ")";
    }
}
