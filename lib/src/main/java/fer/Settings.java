package fer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * The settings that define a run or a search, as a flat map of name to value text, compared setting by setting on
 * resume: never timings or other measured text, so a resume on a busier machine is not mistaken for another run, and a
 * changed flag is named rather than silently ignored. Records flatten to their components ({@code train.batch_size}).
 */
public final class Settings {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, String> values = new LinkedHashMap<>();

    /** Adds {@code value} under {@code key}; a record adds each component as {@code key.component}, recursively. */
    public Settings put(String key, Object value) {
        if (value != null && value.getClass().isRecord()) {
            for (RecordComponent c : value.getClass().getRecordComponents()) {
                try {
                    put(key + "." + snake(c.getName()), c.getAccessor().invoke(value));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + key + "." + c.getName(), e);
                }
            }
        } else {
            values.put(key, text(value));
        }
        return this;
    }

    public Map<String, String> values() {
        return java.util.Collections.unmodifiableMap(values);
    }

    private static String text(Object v) {
        if (v == null) return "none";
        if (v instanceof double[] d) return Arrays.toString(d);
        if (v instanceof int[] i) return Arrays.toString(i);
        if (v instanceof long[] l) return Arrays.toString(l);
        if (v instanceof Object[] o) return Arrays.toString(o);
        if (v instanceof Enum<?> e) return e.name().toLowerCase(java.util.Locale.ROOT);
        return v.toString();
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The settings that differ between {@code recorded} and these, one entry per setting ("train.batch_size: was 32,
     * now 64"), leaving out the keys in {@code mayChange}; a setting present on one side only counts as a difference.
     */
    public List<String> differences(Map<String, String> recorded, Set<String> mayChange) {
        Set<String> keys = new TreeSet<>(recorded.keySet());
        keys.addAll(values.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (mayChange.contains(k)) continue;
            String was = recorded.get(k), now = values.get(k);
            if (was == null ? now != null : !was.equals(now)) {
                out.add(k + ": was " + (was == null ? "(not recorded)" : was) + ", now " + (now == null ? "(not set)" : now));
            }
        }
        return out;
    }

    /** Writes these settings to {@code file} as a JSON object of strings (temp file + rename). */
    public void write(Path file) {
        AtomicFiles.write(file, out -> JSON.writeValue(out, values));
    }

    /** The settings recorded in {@code file} ({@link #write}); every value as text. */
    public static Map<String, String> read(Path file) {
        try {
            Map<?, ?> m = JSON.readValue(file.toFile(), Map.class);
            Map<String, String> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "none" : v.toString()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read settings " + file + ": " + FileErrors.cause(e), e);
        }
    }
}
