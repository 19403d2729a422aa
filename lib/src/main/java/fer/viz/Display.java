package fer.viz;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Shows things in the notebook, on either Java kernel, with no kernel-specific code in notebooks.
 *
 * <p>The kernels disagree on how to send a MIME type: IJava has {@code display(Object, String...)},
 * rapaio {@code display(String mime, Object)}. Both live in kernel classes the library cannot compile
 * against, so they are found by reflection. Outside a kernel (CLI, tests) every call is a no-op
 * returning {@code null}, so library code can call it unconditionally.
 *
 * <p>When no MIME type is asked for, both kernels must get their one-argument entry point: IJava's
 * {@code display(Object, String...)} with an empty array renders {@code text/plain} only (its
 * renderer's {@code renderAs} fulfils exactly the requested types), while {@code display(Object)}
 * lets the renderer pick the preferred type, {@code image/png} for an image. XChart charts are turned
 * into images here, since neither kernel knows XChart.
 */
public final class Display {
    private static final String RAPAIO = "org.rapaio.jupyter.kernel.global.Global";
    private static final String IJAVA = "io.github.spencerpark.ijava.runtime.Display";

    /**
     * Where display calls go instead of the kernel while {@link #capturing} runs: an Output widget, which shows them in
     * its own area (a button's click has no cell to print into).
     */
    public interface Sink {
        /** Shows {@code value} (as {@code mime}, or as the kernel would render it when null); returns a display id. */
        String display(Object value, String mime);

        /** Replaces what display {@code id} showed. */
        void update(String id, Object value, String mime);
    }

    // Per thread, and only for the length of capturing(): the click handler's thread, not shared state.
    private static final ThreadLocal<Sink> SINK = new ThreadLocal<>();

    private Display() {}

    /** Runs {@code work} with every display call on this thread going to {@code sink}. */
    public static void capturing(Sink sink, Runnable work) {
        Sink before = SINK.get();
        SINK.set(sink);
        try {
            work.run();
        } finally {
            if (before == null) SINK.remove();
            else SINK.set(before);
        }
    }

    /**
     * A Jupyter MIME bundle for {@code value}: as {@code mime} with a text/plain fallback, or, when mime is null, an
     * image or chart as image/png (base64) and anything else as text/plain.
     */
    public static Map<String, Object> mimeBundle(Object value, String mime) {
        Map<String, Object> b = new LinkedHashMap<>();
        if (mime != null) {
            b.put(mime, String.valueOf(value));
            if (!mime.equals("text/plain")) b.put("text/plain", String.valueOf(value).replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip());
            return b;
        }
        Object r = renderable(value);
        if (r instanceof BufferedImage img) {
            b.put("image/png", png(img));
            b.put("text/plain", "<image " + img.getWidth() + "x" + img.getHeight() + ">");
        } else {
            b.put("text/plain", String.valueOf(value));
        }
        return b;
    }

    /** An image as base64 PNG (for data: URIs and MIME bundles). */
    public static String png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode image as PNG", e);
        }
    }

    /**
     * Displays an object the kernel knows how to render: a BufferedImage or an XChart chart becomes
     * image/png, anything else what the kernel makes of it.
     */
    public static String show(Object value) {
        if (SINK.get() != null) return SINK.get().display(value, null);
        return kernel().map(k -> k.display(value, null)).orElse(null);
    }

    /** Displays an HTML fragment as text/html. */
    public static String html(String html) {
        if (SINK.get() != null) return SINK.get().display(html, "text/html");
        return kernel().map(k -> k.display(html, "text/html")).orElse(null);
    }

    /** Displays plain text as text/plain (for progress lines that update in place). */
    public static String text(String text) {
        if (SINK.get() != null) return SINK.get().display(text, "text/plain");
        return kernel().map(k -> k.display(text, "text/plain")).orElse(null);
    }

    /** Replaces an earlier display (same id) with an HTML fragment: in-place progress. */
    public static void updateHtml(String id, String html) {
        if (id != null && SINK.get() != null) SINK.get().update(id, html, "text/html");
        else if (id != null) kernel().ifPresent(k -> k.update(id, html, "text/html"));
    }

    /** Replaces an earlier display with plain text. */
    public static void updateText(String id, String text) {
        if (id != null && SINK.get() != null) SINK.get().update(id, text, "text/plain");
        else if (id != null) kernel().ifPresent(k -> k.update(id, text, "text/plain"));
    }

    /** Replaces an earlier display with an object the kernel renders itself (e.g. an image). */
    public static void update(String id, Object value) {
        if (id != null && SINK.get() != null) SINK.get().update(id, value, null);
        else if (id != null) kernel().ifPresent(k -> k.update(id, value, null));
    }

    /** True when running inside a Java Jupyter kernel that this class can talk to. */
    public static boolean inKernel() {
        return SINK.get() != null || kernel().isPresent();
    }

    private static Optional<Kernel> kernel() {
        return Kernel.INSTANCE;
    }

    /** A chart as the image the kernels can render; anything else unchanged. */
    static Object renderable(Object value) {
        return value instanceof Chart<?, ?> chart ? BitmapEncoder.getBufferedImage(chart) : value;
    }

    /**
     * The kernel's static display entry points, looked up once. Package-private so a test can bind it to
     * a class with a kernel's signatures (see {@link #ijava(Class)}).
     */
    record Kernel(boolean rapaio, Method display, Method displayMime, Method update, Method updateMime) {
        // Looked up once per JVM; a cache that never changes after class initialisation.
        static final Optional<Kernel> INSTANCE = find();

        static Optional<Kernel> find() {
            Class<?> c = load(RAPAIO);
            if (c != null) return Optional.of(rapaio(c));
            c = load(IJAVA);
            if (c != null) return Optional.of(ijava(c));
            return Optional.empty();
        }

        /** rapaio's {@code Global}: display(Object), display(mime, Object), updateDisplay(id, [mime,] Object). */
        static Kernel rapaio(Class<?> c) {
            try {
                return new Kernel(true,
                        c.getMethod("display", Object.class),
                        c.getMethod("display", String.class, Object.class),
                        c.getMethod("updateDisplay", String.class, Object.class),
                        c.getMethod("updateDisplay", String.class, String.class, Object.class));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("Unsupported rapaio kernel version: " + e.getMessage(), e);
            }
        }

        /**
         * IJava's {@code runtime.Display}: display(Object) and updateDisplay(id, Object) let its renderer pick
         * the preferred type; the {@code String...} variants render exactly the types asked for.
         */
        static Kernel ijava(Class<?> c) {
            try {
                return new Kernel(false,
                        c.getMethod("display", Object.class),
                        c.getMethod("display", Object.class, String[].class),
                        c.getMethod("updateDisplay", String.class, Object.class),
                        c.getMethod("updateDisplay", String.class, Object.class, String[].class));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("Unsupported IJava kernel version: " + e.getMessage(), e);
            }
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
                if (mime == null) id = display.invoke(null, renderable(value));
                else if (rapaio) id = displayMime.invoke(null, mime, value);
                else id = displayMime.invoke(null, value, new String[] {mime});
                return id == null ? null : id.toString();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Kernel display failed", e);
            }
        }

        void update(String id, Object value, String mime) {
            try {
                if (mime == null) update.invoke(null, id, renderable(value));
                else if (rapaio) updateMime.invoke(null, id, mime, value);
                else updateMime.invoke(null, id, value, new String[] {mime});
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Kernel updateDisplay failed", e);
            }
        }
    }
}
