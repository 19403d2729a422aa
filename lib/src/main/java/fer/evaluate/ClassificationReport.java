package fer.evaluate;

import fer.data.Emotion;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * scikit-learn's {@code classification_report}, number for number: per-class precision, recall, F1 and
 * support, then accuracy, macro average and support-weighted average, with scikit-learn's conventions
 * (an undefined ratio takes {@code zero_division}, 0 by default; every class listed counts in the macro
 * average, even one absent from the true labels; numbers rounded half-to-even on their binary value, as
 * Python's {@code format} does; and, as scikit-learn 1.2 does, the accuracy line becomes a "micro avg" line
 * when a listed class is neither a true label nor a prediction).
 *
 * <p>The counts come from DL4J's {@link Evaluation} (its confusion matrix and per-class true/false
 * positives/negatives); the ratios from {@link Metric}. Rows are named by the {@link Emotion} each label
 * stands for in the dataset's index, never by a position in a list of names.
 *
 * @param classes  the dataset's classes in label order (label {@code i} is {@code classes.get(i)})
 * @param counts   one-vs-rest counts per class, in label order, as DL4J counted them
 * @param accuracy correct predictions / all predictions
 */
public record ClassificationReport(List<Emotion> classes, List<BinaryCounts> counts, List<Row> rows, double accuracy,
                                   Row macroAvg, Row weightedAvg, double zeroDivision) {
    /** Heading of the longest summary row: the minimum width of the name column, as in scikit-learn. */
    private static final String WEIGHTED = "weighted avg";

    /** One line of the report. */
    public record Row(String name, double precision, double recall, double f1, long support) {}

    public ClassificationReport {
        classes = List.copyOf(classes);
        counts = List.copyOf(counts);
        rows = List.copyOf(rows);
    }

    /** The report of DL4J's evaluation, undefined ratios 0 (scikit-learn's default). */
    public static ClassificationReport of(Evaluation eval, List<Emotion> classes) {
        return of(eval, classes, 0.0);
    }

    /** The report of DL4J's evaluation; {@code zeroDivision} is scikit-learn's {@code zero_division} (0 or 1). */
    public static ClassificationReport of(Evaluation eval, List<Emotion> classes, double zeroDivision) {
        int k = classes.size();
        int evalClasses = eval.getConfusionMatrix() == null ? -1 : eval.getConfusionMatrix().getClasses().size();
        if (evalClasses != k) {
            throw new IllegalArgumentException("Evaluation has " + evalClasses + " classes, the dataset " + k + " (" + classes + ")");
        }
        Map<Integer, Integer> tp = eval.truePositives(), fp = eval.falsePositives(), fn = eval.falseNegatives(),
                tn = eval.trueNegatives();
        List<BinaryCounts> counts = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        long total = 0;
        double[] macro = new double[3], weighted = new double[3];
        for (int c = 0; c < k; c++) {
            BinaryCounts bc = new BinaryCounts(classes.get(c), tp.getOrDefault(c, 0), fp.getOrDefault(c, 0),
                    fn.getOrDefault(c, 0), tn.getOrDefault(c, 0));
            counts.add(bc);
            double[] v = new double[3];
            for (int m = 0; m < 3; m++) v[m] = Metric.PER_CLASS.get(m).of(bc, zeroDivision);
            rows.add(new Row(classes.get(c).title(), v[0], v[1], v[2], bc.support()));
            total += bc.support();
            for (int m = 0; m < 3; m++) {
                macro[m] += v[m];
                weighted[m] += v[m] * bc.support();
            }
        }
        if (total != eval.getNumRowCounter()) {
            throw new IllegalStateException("Evaluation counted " + eval.getNumRowCounter() + " predictions but its classes' supports sum to " + total);
        }
        for (int m = 0; m < 3; m++) {
            macro[m] /= k;
            // scikit-learn: a weighted average over no support at all takes zero_division
            weighted[m] = total == 0 ? zeroDivision : weighted[m] / total;
        }
        return new ClassificationReport(classes, counts, rows, eval.accuracy(),
                new Row("macro avg", macro[0], macro[1], macro[2], total),
                new Row(WEIGHTED, weighted[0], weighted[1], weighted[2], total), zeroDivision);
    }

    /** The report of true and predicted labels (indices into {@code classes}). */
    public static ClassificationReport of(int[] yTrue, int[] yPred, List<Emotion> classes) {
        return of(evaluation(yTrue, yPred, classes), classes);
    }

    /** DL4J's evaluation of true and predicted labels (indices into {@code classes}). */
    public static Evaluation evaluation(int[] yTrue, int[] yPred, List<Emotion> classes) {
        if (yTrue.length != yPred.length) {
            throw new IllegalArgumentException(yTrue.length + " true labels but " + yPred.length + " predictions");
        }
        Evaluation eval = new Evaluation(classes.stream().map(Emotion::title).toList());
        for (int i = 0; i < yTrue.length; i++) {
            checkLabel(yTrue[i], classes, "true label", i);
            checkLabel(yPred[i], classes, "prediction", i);
            eval.eval(yPred[i], yTrue[i]);
        }
        return eval;
    }

    private static void checkLabel(int label, List<Emotion> classes, String what, int i) {
        if (label < 0 || label >= classes.size()) {
            throw new IllegalArgumentException(what + " " + i + ": expected a label 0–" + (classes.size() - 1) + ", found " + label);
        }
    }

    /** The row of one class. */
    public Row row(Emotion e) {
        int i = classes.indexOf(e);
        if (i < 0) throw new IllegalArgumentException("No class " + e.id() + " in this report: " + classes);
        return rows.get(i);
    }

    /** One class against the rest (Figure 8), as DL4J counted it. */
    public BinaryCounts counts(Emotion e) {
        int i = classes.indexOf(e);
        if (i < 0) throw new IllegalArgumentException("No class " + e.id() + " in this report: " + classes);
        return counts.get(i);
    }

    /**
     * True when the summary starts with an "accuracy" line; false when some listed class is neither a true label
     * nor a prediction, where scikit-learn 1.2 prints a "micro avg" line instead (its values: the accuracy).
     */
    public boolean accuracyRow() {
        return counts.stream().allMatch(c -> c.tp() + c.fn() + c.fp() > 0);
    }

    /** The micro average: over single-label predictions, precision, recall and F1 all equal the accuracy. */
    public Row microAvg() {
        return new Row("micro avg", accuracy, accuracy, accuracy, support());
    }

    /** Number of predictions evaluated. */
    public long support() {
        return macroAvg.support();
    }

    /** The report as scikit-learn prints it, 2 decimals. */
    public String text() {
        return text(2);
    }

    /** The report as scikit-learn's {@code classification_report(..., digits=digits)} prints it. */
    public String text(int digits) {
        int width = WEIGHTED.length();
        for (Row r : rows) width = Math.max(width, r.name().length());
        width = Math.max(width, digits);
        StringBuilder b = new StringBuilder();
        b.append(pad("", width)).append(' ');
        for (String h : List.of("precision", "recall", "f1-score", "support")) b.append(' ').append(pad(h, 9));
        b.append("\n\n");
        for (Row r : rows) line(b, r, width, digits);
        b.append('\n');
        if (!accuracyRow()) {
            line(b, microAvg(), width, digits);
            line(b, macroAvg, width, digits);
            line(b, weightedAvg, width, digits);
            return b.toString();
        }
        b.append(pad("accuracy", width)).append(' ').append(' ').append(pad("", 9)).append(' ').append(pad("", 9))
                .append(' ').append(pad(fixed(accuracy, digits), 9)).append(' ').append(pad(Long.toString(support()), 9)).append('\n');
        line(b, macroAvg, width, digits);
        line(b, weightedAvg, width, digits);
        return b.toString();
    }

    private static void line(StringBuilder b, Row r, int width, int digits) {
        b.append(pad(r.name(), width)).append(' ');
        for (double v : new double[] {r.precision(), r.recall(), r.f1()}) b.append(' ').append(pad(fixed(v, digits), 9));
        b.append(' ').append(pad(Long.toString(r.support()), 9)).append('\n');
    }

    /** Right-aligned in {@code width} characters, as Python's {@code {:>width}}. */
    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    /**
     * {@code v} with {@code digits} decimals as Python's {@code format(v, '.Nf')} writes it: the exact binary
     * value rounded half-to-even (0.125 → "0.12", where Java's {@code %.2f} writes "0.13").
     */
    static String fixed(double v, int digits) {
        return new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    /**
     * The report as a Tablesaw table: one row per class, then accuracy (precision and recall empty), macro avg
     * and weighted avg; values rounded to {@code digits} like the text.
     */
    public Table table(int digits) {
        Table t = Table.create("Classification report", StringColumn.create(""), DoubleColumn.create("precision"),
                DoubleColumn.create("recall"), DoubleColumn.create("f1-score"), IntColumn.create("support"));
        // shown with exactly `digits` decimals, as the text ("0.50", not "0.5"); the values are rounded too
        for (String c : List.of("precision", "recall", "f1-score")) {
            t.doubleColumn(c).setPrintFormatter(tech.tablesaw.columns.numbers.NumberColumnFormatter.fixedWithGrouping(digits));
        }
        for (Row r : rows) append(t, r, digits);
        if (!accuracyRow()) {
            append(t, microAvg(), digits);
            append(t, macroAvg, digits);
            append(t, weightedAvg, digits);
            return t;
        }
        t.stringColumn(0).append("accuracy");
        t.doubleColumn("precision").appendMissing();
        t.doubleColumn("recall").appendMissing();
        t.doubleColumn("f1-score").append(Double.parseDouble(fixed(accuracy, digits)));
        t.intColumn("support").append((int) support());
        append(t, macroAvg, digits);
        append(t, weightedAvg, digits);
        return t;
    }

    /** {@link #table(int)} with 2 decimals, as the report's Figures 10 and 13. */
    public Table table() {
        return table(2);
    }

    private static void append(Table t, Row r, int digits) {
        t.stringColumn(0).append(r.name());
        t.doubleColumn("precision").append(Double.parseDouble(fixed(r.precision(), digits)));
        t.doubleColumn("recall").append(Double.parseDouble(fixed(r.recall(), digits)));
        t.doubleColumn("f1-score").append(Double.parseDouble(fixed(r.f1(), digits)));
        t.intColumn("support").append((int) r.support());
    }

    /**
     * The report in scikit-learn's {@code output_dict=True} shape: class name → {precision, recall, f1-score,
     * support}, "accuracy" → value, "macro avg" and "weighted avg" → {...}; full precision.
     */
    public Map<String, Object> asDict() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Row r : rows) m.put(r.name(), dict(r));
        if (accuracyRow()) m.put("accuracy", accuracy);
        else m.put("micro avg", dict(microAvg()));
        m.put("macro avg", dict(macroAvg));
        m.put("weighted avg", dict(weightedAvg));
        return m;
    }

    private static Map<String, Object> dict(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("precision", r.precision());
        m.put("recall", r.recall());
        m.put("f1-score", r.f1());
        m.put("support", r.support());
        return m;
    }

    /** {@link #asDict()} as JSON. */
    public String json() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(asDict()) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the classification report as JSON", e);
        }
    }

    /**
     * The report as CSV, full precision: {@code class,precision,recall,f1-score,support}, one line per class,
     * then accuracy (precision and recall empty), macro avg, weighted avg.
     */
    public String csv() {
        StringBuilder b = new StringBuilder("class,precision,recall,f1-score,support\n");
        for (Row r : rows) csvLine(b, r);
        if (accuracyRow()) b.append("accuracy,,,").append(accuracy).append(',').append(support()).append('\n');
        else csvLine(b, microAvg());
        csvLine(b, macroAvg);
        csvLine(b, weightedAvg);
        return b.toString();
    }

    private static void csvLine(StringBuilder b, Row r) {
        b.append(r.name()).append(',').append(r.precision()).append(',').append(r.recall()).append(',').append(r.f1())
                .append(',').append(r.support()).append('\n');
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ClassificationReport(accuracy %.4f over %d images)%n%s", accuracy, support(), text());
    }
}
