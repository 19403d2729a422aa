package fer.model;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;

/**
 * Figure 7: the VGG16 architecture as this project builds it, read from the network object itself (layer
 * types, output shapes, parameter counts, grouped by block, then the head), so that another width, batch
 * norm, head or input size draws another figure.
 */
public final class ArchitectureDiagram {
    /**
     * One row of the figure: a layer, or a convolution merged with the batch norm and ReLU that follow it.
     *
     * @param group  "input", "block1" … "block5", or "head"
     * @param output e.g. "24×24×16" or "4096"
     */
    public record Row(String group, String name, String type, String output, long params) {}

    private ArchitectureDiagram() {}

    /** The rows of {@code net} for an input of {@code side}×{@code side}×{@code channels}, in topological order. */
    public static List<Row> rows(ComputationGraph net, int side, int channels) {
        Map<String, InputType> shapes = net.getConfiguration().getLayerActivationTypes(InputType.convolutional(side, side, channels));
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("input", Models.INPUT, "image", side + "×" + side + "×" + channels, 0));
        for (int i : net.topologicalSortOrder()) {
            GraphVertex v = net.getVertices()[i];
            if (!v.hasLayer()) continue;
            String name = v.getVertexName();
            Layer conf = v.getLayer().conf().getLayer();
            String group = Models.isBaseLayer(name) ? name.substring(0, name.indexOf('_')) : "head";
            Row row = new Row(group, name, type(conf), shape(shapes.get(name)), v.getLayer().numParams());
            Row prev = rows.get(rows.size() - 1);
            boolean follows = prev.group().equals(group) && prev.type().startsWith("conv")
                    && (conf instanceof BatchNormalization || conf instanceof ActivationLayer);
            if (follows) {
                // conv → BN → ReLU drawn as one row, like vgg16_bn's diagrams
                rows.set(rows.size() - 1, new Row(group, prev.name(), prev.type() + " → " + row.type(), row.output(), prev.params() + row.params()));
            } else {
                rows.add(row);
            }
        }
        return rows;
    }

    private static String shape(InputType t) {
        if (t instanceof InputType.InputTypeConvolutional c) return c.getHeight() + "×" + c.getWidth() + "×" + c.getChannels();
        if (t instanceof InputType.InputTypeFeedForward f) return Long.toString(f.getSize());
        return String.valueOf(t);
    }

    private static String type(Layer l) {
        if (l instanceof ConvolutionLayer c) {
            return String.format(Locale.ROOT, "conv %d×%d, %d filters%s", c.getKernelSize()[0], c.getKernelSize()[1], c.getNOut(), act(c.getActivationFn()));
        }
        if (l instanceof BatchNormalization) return "batch norm";
        if (l instanceof ActivationLayer a) return a.getActivationFn().toString().replace("relu", "ReLU");
        if (l instanceof SubsamplingLayer s) {
            return String.format(Locale.ROOT, "%s-pool %d×%d", s.getPoolingType().name().toLowerCase(Locale.ROOT), s.getKernelSize()[0], s.getKernelSize()[1]);
        }
        if (l instanceof GlobalPoolingLayer g) return "global " + g.getPoolingType().name().toLowerCase(Locale.ROOT) + " pooling";
        if (l instanceof OutputLayer o) return "dense " + o.getNOut() + act(o.getActivationFn());
        if (l instanceof DenseLayer d) return "dense " + d.getNOut() + act(d.getActivationFn());
        if (l instanceof DropoutLayer d && d.getIDropout() instanceof Dropout p) {
            // DL4J stores the keep probability; the report (Keras) gives the drop rate
            return String.format(Locale.ROOT, "dropout %.2g", 1 - p.getP());
        }
        return l.getClass().getSimpleName();
    }

    private static String act(Object fn) {
        String s = String.valueOf(fn).toLowerCase(Locale.ROOT);
        return s.equals("identity") ? "" : ", " + (s.equals("relu") ? "ReLU" : s);
    }

    /** Parameters per group ("block1" … "head"), in drawing order. */
    public static Map<String, Long> paramsByGroup(List<Row> rows) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Row r : rows) m.merge(r.group(), r.params(), Long::sum);
        return m;
    }

    /** Draws the rows as a stack of boxes, one per block and one for the head, each titled with its parameter count. */
    public static BufferedImage image(List<Row> rows, String title) {
        Font mono = new Font(Font.MONOSPACED, Font.PLAIN, 13);
        Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 13);
        Font big = new Font(Font.SANS_SERIF, Font.BOLD, 17);
        int rowH = 18;
        int gap = 10;
        int width = 1000;
        Map<String, Long> groups = paramsByGroup(rows);
        int height = 60 + 30;
        for (String group : groups.keySet()) {
            long n = rows.stream().filter(r -> r.group().equals(group)).count();
            height += Math.max(42, boxPad((int) n) + (int) n * rowH) + gap;
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(big);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, Math.max(10, (width - fm.stringWidth(title)) / 2), 26);
        g.setFont(mono);
        g.setColor(new Color(90, 90, 90));
        int[] col = {175, 350, 720, 845};
        g.drawString("layer", col[0], 50);
        g.drawString("type", col[1], 50);
        g.drawString("output", col[2], 50);
        g.drawString("parameters", col[3], 50);
        int y = 60;
        long total = 0;
        for (var e : groups.entrySet()) {
            List<Row> in = rows.stream().filter(r -> r.group().equals(e.getKey())).toList();
            int boxH = Math.max(42, boxPad(in.size()) + in.size() * rowH);
            Color fill = fill(e.getKey());
            g.setColor(fill);
            g.fillRoundRect(10, y, width - 20, boxH, 12, 12);
            g.setColor(fill.darker());
            g.setStroke(new BasicStroke(1.2f));
            g.drawRoundRect(10, y, width - 20, boxH, 12, 12);
            g.setColor(Color.BLACK);
            g.setFont(bold);
            g.drawString(e.getKey(), 20, y + 16);
            g.setFont(mono);
            if (e.getValue() > 0) g.drawString(String.format(Locale.ROOT, "%,d params", e.getValue()), 20, y + 34);
            int ry = y + 16;
            for (Row r : in) {
                g.drawString(r.name(), col[0], ry);
                g.drawString(r.type(), col[1], ry);
                g.drawString(r.output(), col[2], ry);
                g.drawString(r.params() == 0 ? "–" : String.format(Locale.ROOT, "%,12d", r.params()), col[3], ry);
                ry += rowH;
            }
            total += e.getValue();
            y += boxH + gap;
        }
        g.setFont(bold);
        g.drawString(String.format(Locale.ROOT, "total %,d parameters", total), col[2] - 40, y + 14);
        g.dispose();
        return img;
    }

    /** Space a group's box needs besides its rows: room for the group's name and parameter count when it has one row. */
    private static int boxPad(int rows) {
        return rows == 1 ? 24 : 6;
    }

    private static Color fill(String group) {
        return switch (group) {
            case "input" -> new Color(235, 235, 235);
            case "head" -> new Color(253, 224, 190);
            default -> { // block1..5: deeper blue for deeper blocks
                int b = group.charAt(group.length() - 1) - '1';
                yield new Color(222 - 14 * b, 234 - 10 * b, 250);
            }
        };
    }

    /** The title Figure 7 uses: variant, head and input, e.g. "Custom model: VGG16-BN at 1/4 width … + GAP + Dense 4096/1024, 48×48×3 input". */
    public static String title(ModelSpec spec) {
        String head = switch (spec.architecture()) {
            case CUSTOM -> " + GAP, Dense " + spec.dense1() + "/" + spec.dense2() + ", softmax";
            case BASELINE -> " + softmax";
            case SMALL -> "";
        };
        String base = spec.architecture().usesVgg() ? spec.vggVariant().replaceFirst(" \\(.*\\)", "") : "small CNN";
        return base + head + " · input " + spec.inputSide() + "×" + spec.inputSide() + "×" + spec.channels();
    }

    /** Figure 7 for the model {@code spec} describes, built here so the figure follows the spec. */
    public static BufferedImage image(ModelSpec spec) {
        ComputationGraph net = Models.build(spec, Optimizer.adam(1e-3));
        return image(rows(net, spec.inputSide(), spec.channels()), title(spec));
    }
}
