package fer.viz.widgets;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The kernel's comm transport ({@code org.ferlab.kernel.Comms}, the project's kernel overlay), reached by reflection:
 * the library also runs in IJava, the CLI and tests, where there is no such class and every widget shows as text.
 * Looked up once per JVM (a cache that never changes after class initialisation).
 */
final class KernelComms {
    private static final String COMMS = "org.ferlab.kernel.Comms";
    static final Optional<KernelComms> INSTANCE = find();

    private final Method available, open, send, display, onOpen, listen;
    private volatile boolean controlRegistered;

    private KernelComms(Class<?> c) throws NoSuchMethodException {
        available = c.getMethod("available");
        open = c.getMethod("open", String.class, String.class, Map.class, Consumer.class);
        send = c.getMethod("send", String.class, String.class, Map.class);
        display = c.getMethod("display", Map.class);
        onOpen = c.getMethod("onOpen", String.class, java.util.function.BiConsumer.class);
        listen = c.getMethod("listen", String.class, Consumer.class);
    }

    private static Optional<KernelComms> find() {
        for (ClassLoader l : new ClassLoader[] {Thread.currentThread().getContextClassLoader(), KernelComms.class.getClassLoader(),
                ClassLoader.getSystemClassLoader()}) {
            if (l == null) continue;
            try {
                return Optional.of(new KernelComms(Class.forName(COMMS, true, l)));
            } catch (ClassNotFoundException | LinkageError | NoSuchMethodException ignored) {
                // next loader: kernels load user code in their own loaders
            }
        }
        return Optional.empty();
    }

    /** The transport when running in the project's kernel with its channels connected. */
    static Optional<KernelComms> connected() {
        Optional<KernelComms> k = INSTANCE.filter(KernelComms::isAvailable);
        k.ifPresent(KernelComms::registerControl);
        return k;
    }

    /**
     * Answers ipywidgets' {@code jupyter.widget.control} comm: a page reloaded (or a second browser tab) asks for every
     * live widget's state at once ({@code request_states}) and gets them in one {@code update_states}.
     */
    private synchronized void registerControl() {
        if (controlRegistered) return;
        controlRegistered = true;
        java.util.function.BiConsumer<String, String> onControl = (commId, data) -> call(listen, commId,
                (Consumer<String>) msg -> {
                    if ("request_states".equals(Widget.parse(msg).get("method"))) {
                        send(commId, Widget.json(Widget.allStates()), Map.of("version", Widget.PROTOCOL_VERSION));
                    }
                });
        call(onOpen, "jupyter.widget.control", onControl);
    }

    private boolean isAvailable() {
        return (Boolean) call(available);
    }

    String open(String target, String dataJson, Map<String, Object> metadata, Consumer<String> onMessage) {
        return (String) call(open, target, dataJson, metadata, onMessage);
    }

    void send(String commId, String dataJson, Map<String, Object> metadata) {
        call(send, commId, dataJson, metadata);
    }

    void display(Map<String, String> bundle) {
        call(display, bundle);
    }

    private static Object call(Method m, Object... args) {
        try {
            return m.invoke(null, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) throw r;
            throw new IllegalStateException("kernel comms: " + c, c);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("kernel comms: " + e, e);
        }
    }
}
