package fer.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * One hyperparameter of a {@link SearchSpace}: a discrete choice, an integer range or a (log-)uniform
 * float range, optionally conditional on an earlier parameter (Keras Tuner's {@code conditional_scope}).
 */
public sealed interface Param permits Param.Choice, Param.IntRange, Param.FloatRange {
    /** Key in a configuration, e.g. {@code units_1}. */
    String name();

    /** The row of the search-space table this parameter belongs to, e.g. "Units per Dense Layer". */
    String label();

    /** When the parameter exists; {@link Condition#ALWAYS} for unconditional ones. */
    Condition condition();

    /** A value drawn uniformly from the domain (log-uniformly for log ranges). */
    Object sample(Random rnd);

    /** The domain as written in Table 2, e.g. "256, 512, 1024" or "1e-05 – 0.01 (log)". */
    String domain();

    /** Every value of a finite domain, in order; null for a continuous one. */
    List<Object> discreteValues();

    /** The value read back from JSON (numbers lose their Java type there), checked against the domain. */
    Object coerce(Object json);

    /**
     * "Exists only when {@code param} has one of {@code values}".
     *
     * @param param null for an unconditional parameter
     */
    record Condition(String param, List<Object> values) {
        public static final Condition ALWAYS = new Condition(null, List.of());

        /** True when the configuration built so far satisfies the condition. */
        public boolean holds(Map<String, Object> config) {
            return param == null || values.contains(config.get(param));
        }

        @Override
        public String toString() {
            return param == null ? "always" : param + " in " + values;
        }
    }

    /** A value picked uniformly from a list (Keras Tuner's {@code hp.Choice}). */
    record Choice(String name, String label, List<Object> values, Condition condition) implements Param {
        public Choice {
            if (values == null || values.isEmpty()) throw new IllegalArgumentException(name + ": a choice needs at least one value");
            values = List.copyOf(values);
            if (condition == null) condition = Condition.ALWAYS;
        }

        @Override
        public Object sample(Random rnd) {
            return values.get(rnd.nextInt(values.size()));
        }

        @Override
        public List<Object> discreteValues() {
            return values;
        }

        @Override
        public String domain() {
            return values.stream().map(Param::format).collect(Collectors.joining(", "));
        }

        @Override
        public Object coerce(Object json) {
            for (Object v : values) {
                if (v.equals(json)) return v;
                if (v instanceof Number n && json instanceof Number j && n.doubleValue() == j.doubleValue()) return v;
            }
            throw new IllegalArgumentException(name + ": expected one of " + values + ", found " + json);
        }
    }

    /** An integer in [min, max] in steps of {@code step} (Keras Tuner's {@code hp.Int}). */
    record IntRange(String name, String label, int min, int max, int step, Condition condition) implements Param {
        public IntRange {
            if (step < 1 || max < min) throw new IllegalArgumentException(name + ": bad range " + min + ".." + max + " step " + step);
            if (condition == null) condition = Condition.ALWAYS;
        }

        @Override
        public Object sample(Random rnd) {
            return min + step * rnd.nextInt((max - min) / step + 1);
        }

        @Override
        public List<Object> discreteValues() {
            List<Object> vs = new ArrayList<>();
            for (int v = min; v <= max; v += step) vs.add(v);
            return vs;
        }

        @Override
        public String domain() {
            return min + " – " + max + (step > 1 ? " (step " + step + ")" : "");
        }

        @Override
        public Object coerce(Object json) {
            if (!(json instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new IllegalArgumentException(name + ": expected an integer in " + domain() + ", found " + json);
            }
            int v = n.intValue();
            if (v < min || v > max || (v - min) % step != 0) {
                throw new IllegalArgumentException(name + ": expected an integer in " + domain() + ", found " + v);
            }
            return v;
        }
    }

    /** A float in [min, max], uniform or log-uniform (Keras Tuner's {@code hp.Float(sampling="log")}). */
    record FloatRange(String name, String label, double min, double max, boolean log, Condition condition) implements Param {
        public FloatRange {
            if (!(max > min) || (log && min <= 0)) throw new IllegalArgumentException(name + ": bad range " + min + ".." + max);
            if (condition == null) condition = Condition.ALWAYS;
        }

        @Override
        public Object sample(Random rnd) {
            double u = rnd.nextDouble();
            return log ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
        }

        @Override
        public List<Object> discreteValues() {
            return null;
        }

        @Override
        public String domain() {
            return format(min) + " – " + format(max) + (log ? " (log)" : "");
        }

        @Override
        public Object coerce(Object json) {
            if (!(json instanceof Number n) || n.doubleValue() < min || n.doubleValue() > max) {
                throw new IllegalArgumentException(name + ": expected a number in " + domain() + ", found " + json);
            }
            return n.doubleValue();
        }
    }

    /** A value as Table 2 writes it: strings quoted, 0.0001 not 1.0E-4. */
    static String format(Object v) {
        if (v instanceof String s) return "'" + s + "'";
        if (v instanceof Double d) {
            // 4 significant digits, never scientific notation: 0.0001 as Table 2 writes it
            String s = new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
            return s.contains(".") ? s : s + ".0";
        }
        return String.valueOf(v);
    }

    /** All values of a list as Objects (helper for building choices from typed lists). */
    static List<Object> objects(List<?> values) {
        return new ArrayList<>(values);
    }
}
