package fer.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.Table;

/**
 * A loaded FER dataset: the index as a Tablesaw table (one row per image: id, file, row, label, emotion,
 * split, original width/height/channels), the pixels as {@link InMemoryImages} at the requested side,
 * and every item a lenient read skipped.
 *
 * @param name     "FER-2013", "FER+" or "synthetic FER": written on every figure made from it
 * @param format   the form it was read from
 * @param path     the file or folder it was read from
 * @param index    one row per image, row {@code i} describing {@code images} image {@code i}
 * @param images   all images, in index order
 * @param skipped  bad items left out by a lenient read (empty for a strict read)
 * @param excluded items the format itself leaves out, by reason (FER+: unknown, not a face); not errors
 */
public record FerDataset(String name, DatasetFormat format, Path path, Table index, InMemoryImages images,
                         List<Skipped> skipped, Map<String, Integer> excluded) {

    /** The class list (7 FER-2013 classes, or 8 for FER+). */
    public List<Emotion> classes() {
        return images.classes();
    }

    /** True when this is the generated stand-in, not FER-2013 itself. */
    public boolean isSynthetic() {
        return name.toLowerCase(java.util.Locale.ROOT).contains("synthetic");
    }

    /** Source split (as stored) → class id → count, splits in first-seen order, every class listed. */
    public Map<String, Map<String, Integer>> splitCounts() {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        var split = index.stringColumn("split");
        for (int i = 0; i < images.size(); i++) {
            Map<String, Integer> m = out.computeIfAbsent(split.get(i), k -> {
                Map<String, Integer> z = new LinkedHashMap<>();
                for (Emotion e : classes()) z.put(e.id(), 0);
                return z;
            });
            m.merge(classes().get(images.label(i)).id(), 1, Integer::sum);
        }
        return out;
    }

    /** The summary as JSON: {"format", "dataset", "splits": {split: {class: n}}, "total", "skipped": [...]}. */
    public String summaryJson() {
        StringBuilder b = new StringBuilder("{\"format\": ").append(Json.str(format.id()))
                .append(", \"dataset\": ").append(Json.str(name))
                .append(", \"splits\": {");
        boolean first = true;
        for (var s : splitCounts().entrySet()) {
            b.append(first ? "" : ", ").append(Json.str(s.getKey())).append(": {");
            first = false;
            boolean f2 = true;
            for (var c : s.getValue().entrySet()) {
                b.append(f2 ? "" : ", ").append(Json.str(c.getKey())).append(": ").append(c.getValue());
                f2 = false;
            }
            b.append('}');
        }
        b.append("}, \"total\": ").append(images.size()).append(", \"skipped\": [");
        for (int i = 0; i < skipped.size(); i++) {
            b.append(i == 0 ? "" : ", ").append("{\"item\": ").append(Json.str(skipped.get(i).item()))
                    .append(", \"reason\": ").append(Json.str(skipped.get(i).reason())).append('}');
        }
        b.append(']');
        if (!excluded.isEmpty()) {
            b.append(", \"excluded\": {");
            boolean f3 = true;
            for (var e : new TreeMap<>(excluded).entrySet()) {
                b.append(f3 ? "" : ", ").append(Json.str(e.getKey())).append(": ").append(e.getValue());
                f3 = false;
            }
            b.append('}');
        }
        return b.append('}').toString();
    }

    /** The summary as a human-readable table of counts per source split and class, then skipped items. */
    public String summaryText() {
        StringBuilder b = new StringBuilder();
        b.append(name).append(" (").append(format.id()).append(") from ").append(path).append('\n');
        var counts = splitCounts();
        b.append(String.format("%-10s", "class"));
        for (String s : counts.keySet()) b.append(String.format("%12s", s));
        b.append(String.format("%10s%n", "total"));
        for (Emotion e : classes()) {
            b.append(String.format("%-10s", e.id()));
            int t = 0;
            for (var m : counts.values()) {
                int c = m.get(e.id());
                t += c;
                b.append(String.format("%12d", c));
            }
            b.append(String.format("%10d%n", t));
        }
        b.append(String.format("%-10s", "total"));
        for (var m : counts.values()) b.append(String.format("%12d", m.values().stream().mapToInt(Integer::intValue).sum()));
        b.append(String.format("%10d%n", images.size()));
        excluded.forEach((k, v) -> b.append("excluded (").append(k).append("): ").append(v).append('\n'));
        b.append("skipped: ").append(skipped.size()).append('\n');
        for (Skipped s : skipped) b.append("  ").append(s).append('\n');
        return b.toString();
    }
}
