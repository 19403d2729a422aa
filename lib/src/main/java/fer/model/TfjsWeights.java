package fer.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Reads TensorFlow.js weights: a {@code *-weights_manifest.json} (groups of shard paths, each with the
 * name, shape, dtype and optional quantisation of the tensors stored one after another in the shards)
 * and the shards' bytes. Quantised entries ({@code uint8}/{@code uint16} with per-tensor {@code scale}
 * and {@code min}) are dequantised as {@code q · scale + min}, as {@code tf.io.decodeWeights} does;
 * {@code float32} entries are read as stored (little-endian), {@code int32} ones (a graph model's axes) as floats. Tensors keep TensorFlow's layout (e.g.
 * conv filters {@code [kH, kW, in, out]}).
 */
public final class TfjsWeights {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TfjsWeights() {}

    /** One manifest entry: what the shards hold at one position. */
    public record Entry(String name, long[] shape, String dtype, String quantization, double scale, double min) {
        long size() {
            long n = 1;
            for (long d : shape) n *= d;
            return n;
        }

        int bytesPerValue() {
            return switch (quantization == null ? dtype : quantization) {
                case "uint8" -> 1;
                case "uint16" -> 2;
                case "float32", "int32" -> 4;
                default -> throw new IllegalArgumentException("weight " + name + ": unsupported "
                        + (quantization == null ? "dtype " + dtype : "quantization dtype " + quantization)
                        + " (expected float32 or int32, or uint8/uint16 quantisation)");
            };
        }
    }

    /** The entries of a manifest, in storage order, with the shard paths of each group. */
    public record Group(List<String> paths, List<Entry> entries) {}

    /** Parses a weights manifest; {@code source} names it in error messages. */
    public static List<Group> parseManifest(byte[] json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) throw new IllegalArgumentException(source + ": expected a JSON array of weight groups");
        List<Group> groups = new ArrayList<>();
        for (JsonNode g : root) {
            List<String> paths = new ArrayList<>();
            g.path("paths").forEach(p -> paths.add(p.asText()));
            List<Entry> entries = new ArrayList<>();
            for (JsonNode w : g.path("weights")) {
                String name = w.path("name").asText(null);
                if (name == null || !w.has("shape")) throw new IllegalArgumentException(source + ": weight entry without name or shape: " + w);
                long[] shape = new long[w.get("shape").size()];
                for (int i = 0; i < shape.length; i++) shape[i] = w.get("shape").get(i).asLong();
                JsonNode q = w.get("quantization");
                String qd = q == null ? null : q.path("dtype").asText();
                if (qd != null && (!q.has("scale") || !q.has("min"))) {
                    throw new IllegalArgumentException(source + ": weight " + name + ": quantization " + qd + " without scale and min");
                }
                entries.add(new Entry(name, shape, w.path("dtype").asText("float32"), qd,
                        q == null ? 1 : q.get("scale").asDouble(), q == null ? 0 : q.get("min").asDouble()));
            }
            if (paths.isEmpty()) throw new IllegalArgumentException(source + ": a weight group without paths");
            groups.add(new Group(paths, entries));
        }
        return groups;
    }

    /**
     * Decodes one group's tensors from its shards' bytes (concatenated in {@code paths} order) into float
     * arrays of TensorFlow layout, by name in storage order.
     */
    public static Map<String, INDArray> decode(Group group, byte[] data, String source) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        for (Entry e : group.entries()) {
            long bytes = e.size() * e.bytesPerValue();
            if (buf.remaining() < bytes) {
                throw new IllegalArgumentException(source + ": weight " + e.name() + " needs " + bytes + " bytes at offset "
                        + buf.position() + ", only " + buf.remaining() + " left (shards " + group.paths() + ")");
            }
            float[] v = new float[(int) e.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = switch (e.bytesPerValue()) {
                    // JavaScript computes q * scale + min in double and stores float32: same here
                    case 1 -> (float) ((buf.get() & 0xFF) * e.scale() + e.min());
                    case 2 -> (float) ((buf.getShort() & 0xFFFF) * e.scale() + e.min());
                    // int32 entries are a graph model's constants (reduction axes): exact as floats
                    default -> "int32".equals(e.dtype()) && e.quantization() == null ? buf.getInt() : buf.getFloat();
                };
            }
            out.put(e.name(), Nd4j.create(v, e.shape(), 'c'));
        }
        if (buf.remaining() != 0) {
            throw new IllegalArgumentException(source + ": " + buf.remaining() + " bytes left after the last weight ("
                    + group.entries().size() + " entries): manifest and shards do not match");
        }
        return out;
    }
}
