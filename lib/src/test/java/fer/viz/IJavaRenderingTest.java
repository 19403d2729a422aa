package fer.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.common.Image;
import io.github.spencerpark.jupyter.kernel.display.common.Text;
import io.github.spencerpark.jupyter.kernel.display.common.Url;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * {@link Display} under IJava, with IJava 1.3.0's own rendering component (jupyter-jvm-basekernel 2.3.0):
 * what reaches the notebook for an image, a chart and a table.
 *
 * <p>{@link IJavaRuntime} has the four static entry points of IJava's {@code runtime.Display} with the
 * same bodies minus the socket: each renders through a {@link Renderer} set up as IJava's kernel sets up
 * its own (basekernel's Image, Url and Text renderers), and records the {@link DisplayData} that IJava
 * would send. A wrong call (e.g. the {@code String...} variant with no types) shows up here as a
 * text/plain-only bundle, exactly as it did in a real IJava notebook.
 */
class IJavaRenderingTest {

    /** Signatures of {@code io.github.spencerpark.ijava.runtime.Display} (IJava 1.3.0). */
    public static final class IJavaRuntime {
        static final Renderer RENDERER = new Renderer();
        static final Map<String, DisplayData> SENT = new LinkedHashMap<>();
        static final List<String> CALLS = new ArrayList<>();

        static {
            // what BaseKernel's constructor registers (IJava's JavaKernel adds none for images/text)
            Image.registerAll(RENDERER);
            Url.registerAll(RENDERER);
            Text.registerAll(RENDERER);
        }

        public static String display(Object o) {
            CALLS.add("display(Object)");
            return send(RENDERER.render(o));
        }

        public static String display(Object o, String... as) {
            CALLS.add("display(Object, String...)");
            return send(RENDERER.renderAs(o, as));
        }

        public static void updateDisplay(String id, Object o) {
            CALLS.add("updateDisplay(String, Object)");
            SENT.put(id, RENDERER.render(o));
        }

        public static void updateDisplay(String id, Object o, String... as) {
            CALLS.add("updateDisplay(String, Object, String...)");
            SENT.put(id, RENDERER.renderAs(o, as));
        }

        private static String send(DisplayData data) {
            String id = data.getDisplayId() != null ? data.getDisplayId() : UUID.randomUUID().toString();
            SENT.put(id, data);
            return id;
        }
    }

    private final Display.Kernel kernel = Display.Kernel.ijava(IJavaRuntime.class);

    @BeforeEach
    void clear() {
        IJavaRuntime.SENT.clear();
        IJavaRuntime.CALLS.clear();
    }

    private static BufferedImage picture() {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        img.setRGB(3, 4, Color.RED.getRGB());
        return img;
    }

    private static BufferedImage decodePng(DisplayData data) throws Exception {
        Object b64 = data.getData(MIMEType.IMAGE_PNG);
        assertNotNull(b64, "no image/png in the bundle; it has only " + types(data));
        byte[] png = Base64.getDecoder().decode(b64.toString());
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4), "not a PNG");
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private static String types(DisplayData data) {
        List<String> t = new ArrayList<>();
        for (MIMEType m : List.of(MIMEType.TEXT_PLAIN, MIMEType.TEXT_HTML, MIMEType.IMAGE_PNG, MIMEType.IMAGE_JPEG)) {
            if (data.hasDataForType(m)) t.add(m.toString());
        }
        return t.toString();
    }

    @Test
    void anImageIsSentAsPng() throws Exception {
        String id = kernel.display(picture(), null); // what Display.show(image) and Figures.show do
        BufferedImage back = decodePng(IJavaRuntime.SENT.get(id));
        assertEquals(40, back.getWidth());
        assertEquals(30, back.getHeight());
        assertEquals(Color.RED.getRGB(), back.getRGB(3, 4), "pixels changed on the way");
        assertEquals(List.of("display(Object)"), IJavaRuntime.CALLS);
    }

    @Test
    void aChartIsSentAsPng() throws Exception {
        var chart = Charts.classDistribution("train", List.of("angry", "happy"), new int[] {3995, 8989});
        String id = kernel.display(chart, null); // Display.show(chart)
        BufferedImage back = decodePng(IJavaRuntime.SENT.get(id));
        assertEquals(chart.getWidth(), back.getWidth());
        assertEquals(chart.getHeight(), back.getHeight());
    }

    @Test
    void anUpdatedImageStaysPng() throws Exception {
        String id = kernel.display(picture(), null);
        BufferedImage bigger = new BufferedImage(80, 60, BufferedImage.TYPE_INT_RGB);
        kernel.update(id, bigger, null); // Display.update(id, image): in-place progress figures
        assertEquals(80, decodePng(IJavaRuntime.SENT.get(id)).getWidth());
        assertEquals("updateDisplay(String, Object)", IJavaRuntime.CALLS.get(1));
    }

    @Test
    void aTablesawTableIsSentAsHtml() {
        Table t = Table.create("emotions").addColumns(
                StringColumn.create("emotion", "happy", "sad"), IntColumn.create("n", 8989, 6077));
        String id = kernel.display(Html.table(t, 50), "text/html"); // what Html.show(table) does
        DisplayData data = IJavaRuntime.SENT.get(id);
        Object html = data.getData(MIMEType.TEXT_HTML);
        assertNotNull(html, "no text/html; got " + types(data));
        assertTrue(html.toString().contains("<td>8989</td>"), html.toString());
        assertFalse(data.hasDataForType(MIMEType.IMAGE_PNG));
    }

    @Test
    void progressTextUpdatesAsPlainText() {
        String id = kernel.display("epoch 1/3", "text/plain"); // Display.text / updateText
        kernel.update(id, "epoch 2/3", "text/plain");
        assertEquals("epoch 2/3", IJavaRuntime.SENT.get(id).getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void theOldEmptyMimeCallWasTextOnly() {
        // The bug this class guards against, shown with the renderer itself: renderAs with no types
        // yields text/plain only, which is why Display must use the one-argument entry point.
        DisplayData data = IJavaRuntime.RENDERER.renderAs(picture());
        assertEquals("[text/plain]", types(data));
    }
}
