package fer.evaluate;

import fer.data.Emotion;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.nd4j.evaluation.classification.Evaluation;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A confusion matrix (report Figures 11 and 14): {@code counts[actual][predicted]}, classes in the dataset's
 * label order, as DL4J's {@link Evaluation} counted them.
 */
public record ConfusionMatrix(List<Emotion> classes, long[][] counts) {
    public ConfusionMatrix {
        classes = List.copyOf(classes);
        if (counts.length != classes.size()) {
            throw new IllegalArgumentException(classes.size() + " classes but " + counts.length + " matrix rows");
        }
        for (long[] row : counts) {
            if (row.length != classes.size()) {
                throw new IllegalArgumentException(classes.size() + " classes but a matrix row of " + row.length);
            }
        }
    }

    /** The matrix of DL4J's evaluation. */
    public static ConfusionMatrix of(Evaluation eval, List<Emotion> classes) {
        var cm = eval.getConfusionMatrix();
        int k = classes.size();
        if (cm == null || cm.getClasses().size() != k) {
            throw new IllegalArgumentException("Evaluation has " + (cm == null ? 0 : cm.getClasses().size()) + " classes, the dataset " + k);
        }
        long[][] c = new long[k][k];
        for (int a = 0; a < k; a++) for (int p = 0; p < k; p++) c[a][p] = cm.getCount(a, p);
        return new ConfusionMatrix(classes, c);
    }

    /** Images counted. */
    public long total() {
        long n = 0;
        for (long[] row : counts) for (long v : row) n += v;
        return n;
    }

    /** Correct predictions (the diagonal). */
    public long correct() {
        long n = 0;
        for (int i = 0; i < counts.length; i++) n += counts[i][i];
        return n;
    }

    /** Correct / all. */
    public double accuracy() {
        long t = total();
        return t == 0 ? 0 : (double) correct() / t;
    }

    /** Each row divided by its sum (the share of each true class predicted as each class: recall on the diagonal); empty rows stay 0. */
    public double[][] rowNormalised() {
        int k = counts.length;
        double[][] out = new double[k][k];
        for (int a = 0; a < k; a++) {
            long sum = 0;
            for (long v : counts[a]) sum += v;
            for (int p = 0; p < k; p++) out[a][p] = sum == 0 ? 0 : (double) counts[a][p] / sum;
        }
        return out;
    }

    /** {@code positive} against every other class (Figure 8's four cells), read off this matrix. */
    public BinaryCounts oneVsRest(Emotion positive) {
        int c = classes.indexOf(positive);
        if (c < 0) throw new IllegalArgumentException("No class " + positive.id() + " in this matrix: " + classes);
        long tp = counts[c][c], fp = 0, fn = 0;
        for (int i = 0; i < counts.length; i++) {
            if (i == c) continue;
            fp += counts[i][c];
            fn += counts[c][i];
        }
        return new BinaryCounts(positive, tp, fp, fn, total() - tp - fp - fn);
    }

    /** The matrix as a table: one row per true class, one column per predicted class (counts or row shares). */
    public Table table(boolean normalised) {
        Table t = Table.create(normalised ? "Confusion matrix (row-normalised)" : "Confusion matrix",
                StringColumn.create("true \\ predicted", classes.stream().map(Emotion::title).toList()));
        double[][] norm = rowNormalised();
        for (int p = 0; p < classes.size(); p++) {
            String name = classes.get(p).title();
            if (normalised) {
                double[] col = new double[classes.size()];
                for (int a = 0; a < col.length; a++) col[a] = Math.round(norm[a][p] * 1000) / 1000.0;
                t.addColumns(DoubleColumn.create(name, col));
            } else {
                int[] col = new int[classes.size()];
                for (int a = 0; a < col.length; a++) col[a] = Math.toIntExact(counts[a][p]);
                t.addColumns(IntColumn.create(name, col));
            }
        }
        return t;
    }

    /** CSV with a header of predicted classes and one line per true class: {@code true\predicted,Angry,...}. */
    public String csv() {
        StringBuilder b = new StringBuilder("true\\predicted");
        for (Emotion e : classes) b.append(',').append(e.title());
        b.append('\n');
        for (int a = 0; a < counts.length; a++) {
            b.append(classes.get(a).title());
            for (long v : counts[a]) b.append(',').append(v);
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * The matrix as an XChart heat map, true classes down the side (first class on top, as scikit-learn and
     * seaborn draw it), predicted classes along the bottom, each cell showing its count or its row share.
     */
    public HeatMapChart heatMap(String title, boolean normalised) {
        int k = classes.size();
        HeatMapChart chart = new HeatMapChartBuilder().width(140 + 86 * k).height(110 + 62 * k).title(title)
                .xAxisTitle("Predicted label").yAxisTitle("True label").build();
        var s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setShowValue(true);
        s.setValueFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        s.setValueFontColor(Color.BLACK);
        // a light scale so black values stay readable on every cell
        s.setRangeColors(new Color[] {new Color(0xF7FBFF), new Color(0xC6DBEF), new Color(0x6BAED6), new Color(0x3182BD)});
        s.setLegendVisible(true);
        s.setPlotContentSize(1.0);
        s.setMin(0);
        s.setMax(normalised ? 1.0 : Math.max(1, max()));
        s.setHeatMapDecimalValueFormatter(v -> normalised ? String.format(Locale.ROOT, "%.2f", v) : Long.toString(Math.round(v)));
        List<String> x = classes.stream().map(Emotion::title).toList();
        // XChart draws the first y category at the bottom: list rows in reverse so the first class is on top
        List<String> y = new ArrayList<>(x);
        java.util.Collections.reverse(y);
        double[][] norm = rowNormalised();
        List<Number[]> cells = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            for (int p = 0; p < k; p++) {
                double v = normalised ? norm[a][p] : counts[a][p];
                cells.add(new Number[] {p, k - 1 - a, v});
            }
        }
        chart.addSeries(normalised ? "share of true class" : "images", x, y, cells);
        return chart;
    }

    private long max() {
        long m = 0;
        for (long[] row : counts) for (long v : row) m = Math.max(m, v);
        return m;
    }
}
