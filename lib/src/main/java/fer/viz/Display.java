package fer.viz;

import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Shows things in the notebook, on either Java kernel, with no kernel-specific code in notebooks.
 *
 * <p>The kernels disagree on how to send a MIME type: IJava has {@code display(Object, String...)},
 * rapaio {@code display(String mime, Object)}. Both live in kernel classes the library cannot compile
 * against, so they are found by reflection. Outside a kernel (CLI, tests) every call is a no-op
 * returning {@code null}, so library code can call it unconditionally.
 */
public final class Display {
    private static final String RAPAIO = "org.rapaio.jupyter.kernel.global.Global";
    private static final String IJAVA = "io.github.spencerpark.ijava.runtime.Display";

    private Display() {}

    /** Displays an object the kernel knows how to render (a BufferedImage becomes image/png). */
    public static String show(Object value) {
        return kernel().map(k -> k.display(value, null)).orElse(null);
    }

    /** Displays an HTML fragment as text/html. */
    public static String html(String html) {
        return kernel().map(k -> k.display(html, "text/html")).orElse(null);
    }

    /** Displays plain text as text/plain (for progress lines that update in place). */
    public static String text(String text) {
        return kernel().map(k -> k.display(text, "text/plain")).orElse(null);
    }

    /** Replaces an earlier display (same id) with an HTML fragment: in-place progress. */
    public static void updateHtml(String id, String html) {
        if (id != null) kernel().ifPresent(k -> k.update(id, html, "text/html"));
    }

    /** Replaces an earlier display with plain text. */
    public static void updateText(String id, String text) {
        if (id != null) kernel().ifPresent(k -> k.update(id, text, "text/plain"));
    }

    /** Replaces an earlier display with an object the kernel renders itself (e.g. an image). */
    public static void update(String id, Object value) {
        if (id != null) kernel().ifPresent(k -> k.update(id, value, null));
    }

    /** True when running inside a Java Jupyter kernel that this class can talk to. */
    public static boolean inKernel() {
        return kernel().isPresent();
    }

    private static Optional<Kernel> kernel() {
        return Kernel.INSTANCE;
    }

    /** The kernel's static display entry points, looked up once. */
    private record Kernel(boolean rapaio, Method display, Method displayMime, Method update, Method updateMime) {
        // Looked up once per JVM; a cache that never changes after class initialisation.
        static final Optional<Kernel> INSTANCE = find();

        static Optional<Kernel> find() {
            Class<?> c = load(RAPAIO);
            try {
                if (c != null) {
                    return Optional.of(new Kernel(true,
                            c.getMethod("display", Object.class),
                            c.getMethod("display", String.class, Object.class),
                            c.getMethod("updateDisplay", String.class, Object.class),
                            c.getMethod("updateDisplay", String.class, String.class, Object.class)));
                }
                c = load(IJAVA);
                if (c != null) {
                    Method d = c.getMethod("display", Object.class, String[].class);
                    Method u = c.getMethod("updateDisplay", String.class, Object.class, String[].class);
                    return Optional.of(new Kernel(false, d, d, u, u));
                }
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("Unsupported Java kernel version: " + e.getMessage(), e);
            }
            return Optional.empty();
        }

        static Class<?> load(String name) {
            for (ClassLoader l : new ClassLoader[] {
                    Thread.currentThread().getContextClassLoader(), Display.class.getClassLoader(),
                    ClassLoader.getSystemClassLoader()}) {
                if (l == null) continue;
                try {
                    return Class.forName(name, true, l);
                } catch (ClassNotFoundException | LinkageError ignored) {
                    // try the next loader: kernels load user code in different loaders
                }
            }
            return null;
        }

        String display(Object value, String mime) {
            try {
                Object id;
                if (rapaio) id = mime == null ? display.invoke(null, value) : displayMime.invoke(null, mime, value);
                else id = display.invoke(null, value, mime == null ? new String[0] : new String[] {mime});
                return id == null ? null : id.toString();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Kernel display failed", e);
            }
        }

        void update(String id, Object value, String mime) {
            try {
                if (rapaio) {
                    if (mime == null) update.invoke(null, id, value);
                    else updateMime.invoke(null, id, mime, value);
                } else {
                    update.invoke(null, id, value, mime == null ? new String[0] : new String[] {mime});
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Kernel updateDisplay failed", e);
            }
        }
    }
}
