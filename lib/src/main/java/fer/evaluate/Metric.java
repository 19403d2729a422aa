package fer.evaluate;

import java.util.List;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The metrics of report Table 3, each with its definition, its formula and the function that computes it
 * from one class's {@link BinaryCounts}. {@link ClassificationReport} computes its per-class columns with
 * these functions, and Table 3 is rendered from the same values, so the table cannot drift from the code.
 *
 * <p>Undefined ratios (0/0: a class never predicted has no precision, a class absent from the true labels
 * has no recall) take {@code zeroDivision}, scikit-learn's {@code zero_division} (0 by default, as its
 * "warn" setting returns).
 */
public enum Metric {
    ACCURACY("Accuracy", "The proportion of correctly classified instances out of the total cases.",
            "(TP + TN) / (TP + TN + FP + FN)"),
    PRECISION("Precision", "The proportion of positively predicted samples that are genuinely positive.",
            "TP / (TP + FP)"),
    RECALL("Recall", "Measures how many positive samples the positive predictions capture.",
            "TP / (TP + FN)"),
    F1("F1-score", "The harmonic mean of precision and recall: a balanced evaluation of both.",
            "2 · (precision · recall) / (precision + recall)");

    private final String title;
    private final String definition;
    private final String formula;

    Metric(String title, String definition, String formula) {
        this.title = title;
        this.definition = definition;
        this.formula = formula;
    }

    public String title() {
        return title;
    }

    public String definition() {
        return definition;
    }

    /** The formula in plain text, in terms of TP, FP, FN, TN. */
    public String formula() {
        return formula;
    }

    /** The metric of one class against the rest; 0/0 gives {@code zeroDivision}. */
    public double of(BinaryCounts c, double zeroDivision) {
        return switch (this) {
            case ACCURACY -> ratio(c.tp() + c.tn(), c.total(), zeroDivision);
            case PRECISION -> ratio(c.tp(), c.tp() + c.fp(), zeroDivision);
            case RECALL -> ratio(c.tp(), c.tp() + c.fn(), zeroDivision);
            case F1 -> harmonicMean(PRECISION.of(c, zeroDivision), RECALL.of(c, zeroDivision));
        };
    }

    /**
     * F1 from a precision and a recall, as scikit-learn 1.2 computes it: 0 when both are 0 (a class never
     * predicted correctly), never NaN.
     */
    static double harmonicMean(double precision, double recall) {
        double denom = precision + recall;
        return denom == 0 ? 0.0 : 2 * precision * recall / denom;
    }

    private static double ratio(long num, long den, double zeroDivision) {
        return den == 0 ? zeroDivision : (double) num / den;
    }

    /** The per-class metrics of a classification report's columns, in column order. */
    public static final List<Metric> PER_CLASS = List.of(PRECISION, RECALL, F1);

    /**
     * Report Table 3 (multi-class metrics) from these definitions, plus a column giving each one's value for
     * {@code example} (e.g. "happy vs rest" of an actual confusion matrix); {@code example} may be null.
     */
    public static Table table(BinaryCounts example) {
        Table t = Table.create("Table 3 – Multi-classification model metrics",
                StringColumn.create("Metric"), StringColumn.create("Definition"), StringColumn.create("Equation"));
        StringColumn ex = example == null ? null
                : StringColumn.create(example.positive().id() + " vs rest (TP " + example.tp() + ", FP " + example.fp()
                        + ", FN " + example.fn() + ", TN " + example.tn() + ")");
        if (ex != null) t.addColumns(ex);
        for (Metric m : values()) {
            t.stringColumn("Metric").append(m.title);
            t.stringColumn("Definition").append(m.definition);
            t.stringColumn("Equation").append(m.formula);
            if (ex != null) ex.append(String.format(java.util.Locale.ROOT, "%.4f", m.of(example, 0.0)));
        }
        return t;
    }
}
