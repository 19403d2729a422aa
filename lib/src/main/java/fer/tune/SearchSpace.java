package fer.tune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A hyperparameter search space as data: an ordered list of {@link Param}s, sampled with a seed.
 * {@link #table2()} is the report's Table 2 (Section 6.3); {@link #toTable} renders any space as that table.
 *
 * <p>Configuration {@code i} of a search with seed {@code s} depends only on {@code (s, i)}, not on the
 * configurations drawn before it: a resumed search, or a second strategy, sees the same sequence.
 */
public record SearchSpace(String title, List<Param> params, Map<String, String> reported) {
    /** Parameter names used by the head search (Keras Tuner's usual names). */
    public static final String LAYERS = "num_layers", OPTIMIZER = "optimizer", LEARNING_RATE = "learning_rate",
            BATCH_SIZE = "batch_size", ACTIVATION = "activation";

    /**
     * @param reported the report's "Best Value Found" per table row (label), as printed; empty for other spaces
     */
    public SearchSpace {
        params = List.copyOf(params);
        reported = reported == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(reported));
        List<String> seen = new ArrayList<>();
        for (Param p : params) {
            if (seen.contains(p.name())) throw new IllegalArgumentException("duplicate parameter " + p.name());
            String on = p.condition().param();
            if (on != null && !seen.contains(on)) {
                throw new IllegalArgumentException(p.name() + " is conditional on " + on + ", which must come before it");
            }
            seen.add(p.name());
        }
    }

    /** {@code units_k}: units of dense layer k (1-based). */
    public static String units(int layer) {
        return "units_" + layer;
    }

    /** {@code dropout_k}: Keras-style drop rate after dense layer k (1-based). */
    public static String dropout(int layer) {
        return "dropout_" + layer;
    }

    /**
     * The report's Table 2: 2 or 3 dense layers; 256–4096 units and dropout 0.1–0.5 per layer (layer 3's
     * only when there are 3 layers); Adam or SGD; learning rate 1e-3 or 1e-4; batch 128 or 256; ReLU or sigmoid.
     */
    public static SearchSpace table2() {
        List<Object> units = List.of(256, 512, 1024, 2048, 4096);
        List<Object> drops = List.of(0.1, 0.2, 0.3, 0.4, 0.5);
        Param.Condition third = new Param.Condition(LAYERS, List.of(3));
        List<Param> ps = new ArrayList<>();
        ps.add(new Param.Choice(LAYERS, "Dense Layer", List.of(2, 3), null));
        for (int k = 1; k <= 3; k++) {
            ps.add(new Param.Choice(units(k), "Units per Dense Layer", units, k == 3 ? third : null));
        }
        for (int k = 1; k <= 3; k++) {
            ps.add(new Param.Choice(dropout(k), "Dropout Rate", drops, k == 3 ? third : null));
        }
        ps.add(new Param.Choice(OPTIMIZER, "Optimizer", List.of("Adam", "sgd"), null));
        ps.add(new Param.Choice(LEARNING_RATE, "Learning Rate", List.of(0.001, 0.0001), null));
        ps.add(new Param.Choice(BATCH_SIZE, "Batch Size", List.of(128, 256), null));
        ps.add(new Param.Choice(ACTIVATION, "Activation Function", List.of("relu", "sigmoid"), null));
        Map<String, String> best = new LinkedHashMap<>();
        best.put("Dense Layer", "2");
        best.put("Units per Dense Layer", "1024");
        best.put("Dropout Rate", "0.4, 0.3");
        best.put("Optimizer", "'sgd'");
        best.put("Learning Rate", "0.0001");
        best.put("Batch Size", "256");
        best.put("Activation Function", "'relu'");
        return new SearchSpace("Table 2 - Summary of Hyperparameter Tuning Search", ps, best);
    }

    /** This space with one parameter replaced (same name), e.g. a log-uniform learning rate. */
    public SearchSpace with(Param replacement) {
        List<Param> ps = new ArrayList<>();
        boolean found = false;
        for (Param p : params) {
            boolean same = p.name().equals(replacement.name());
            found |= same;
            ps.add(same ? replacement : p);
        }
        if (!found) throw new IllegalArgumentException("no parameter " + replacement.name() + " in " + names());
        return new SearchSpace(title, ps, reported);
    }

    /** Parameter names, in order. */
    public List<String> names() {
        return params.stream().map(Param::name).toList();
    }

    /** The parameter called {@code name}. */
    public Param param(String name) {
        for (Param p : params) if (p.name().equals(name)) return p;
        throw new IllegalArgumentException("no parameter " + name + " in " + names());
    }

    /**
     * Configuration number {@code index} of the sequence for {@code seed}: every parameter whose condition
     * holds, in declaration order. Parameters whose condition fails are absent, not defaulted.
     */
    public Map<String, Object> sample(long seed, int index) {
        // SplitMix-style mixing: neighbouring (seed, index) pairs give unrelated generators
        Random rnd = new Random(mix(seed * 0x9E3779B97F4A7C15L + index));
        Map<String, Object> config = new LinkedHashMap<>();
        for (Param p : params) {
            // draw even when absent, so a parameter's value does not depend on another's condition
            Object v = p.sample(rnd);
            if (p.condition().holds(config)) config.put(p.name(), v);
        }
        return Collections.unmodifiableMap(config);
    }

    /** The first {@code n} configurations for {@code seed}. */
    public List<Map<String, Object>> sample(long seed, int from, int n) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) out.add(sample(seed, i));
        return out;
    }

    /** A configuration read back from JSON: values coerced to their domains, conditions checked. */
    public Map<String, Object> coerce(Map<String, ?> json) {
        Map<String, Object> config = new LinkedHashMap<>();
        for (Param p : params) {
            boolean present = json.containsKey(p.name());
            boolean expected = p.condition().holds(config);
            if (expected && !present) throw new IllegalArgumentException("missing hyperparameter " + p.name() + " (" + p.condition() + ")");
            if (!expected && present) {
                throw new IllegalArgumentException("hyperparameter " + p.name() + " given but its condition " + p.condition() + " does not hold");
            }
            if (present) config.put(p.name(), p.coerce(json.get(p.name())));
        }
        for (String k : json.keySet()) if (!names().contains(k)) throw new IllegalArgumentException("unknown hyperparameter " + k + "; expected " + names());
        return Collections.unmodifiableMap(config);
    }

    /** Number of distinct configurations (counting absent conditional parameters once); -1 if a float range makes it infinite. */
    public double size() {
        Map<String, Object> empty = new LinkedHashMap<>();
        return count(0, empty);
    }

    private double count(int i, Map<String, Object> config) {
        if (i == params.size()) return 1;
        Param p = params.get(i);
        if (!p.condition().holds(config)) return count(i + 1, config);
        List<Object> values = p.discreteValues();
        if (values == null) return Double.POSITIVE_INFINITY;
        double n = 0;
        for (Object v : values) {
            config.put(p.name(), v);
            n += count(i + 1, config);
            config.remove(p.name());
        }
        return n;
    }

    /** The space as the report's Table 2: one row per label, its domain, and the report's best values. */
    public Table toTable() {
        return toTable(null);
    }

    /**
     * The table with the report's best values and, when {@code found} is not null, the best values this
     * project's search found (several values per row, e.g. per-layer units, joined by ", ").
     */
    public Table toTable(Map<String, Object> found) {
        StringColumn hp = StringColumn.create("Hyperparameter");
        StringColumn space = StringColumn.create("Search Space");
        StringColumn report = StringColumn.create("Best Value Found (report)");
        StringColumn here = StringColumn.create("Best Value Found (this search)");
        Table t = Table.create(title, hp, space);
        if (!reported.isEmpty()) t.addColumns(report);
        if (found != null) t.addColumns(here);
        Map<String, List<Param>> rows = new LinkedHashMap<>();
        for (Param p : params) rows.computeIfAbsent(p.label(), k -> new ArrayList<>()).add(p);
        for (var row : rows.entrySet()) {
            hp.append(row.getKey());
            // parameters of one row share a domain (units per layer): show it once
            space.append(row.getValue().stream().map(Param::domain).distinct().collect(Collectors.joining(" | ")));
            if (!reported.isEmpty()) report.append(reported.getOrDefault(row.getKey(), ""));
            if (found != null) here.append(values(row.getValue(), found));
        }
        return t;
    }

    private static String values(List<Param> ps, Map<String, Object> config) {
        if (config == null) return "";
        return ps.stream().filter(p -> config.containsKey(p.name())).map(p -> Param.format(config.get(p.name())))
                .collect(Collectors.joining(", "));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
