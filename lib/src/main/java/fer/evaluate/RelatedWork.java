package fer.evaluate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Report Table 4: published FER-2013 accuracies (report Section 7.4) beside this run's models. Every row names
 * its dataset, so a number measured on the synthetic stand-in is never read as a FER-2013 result.
 */
public final class RelatedWork {
    /** One row: who, on what data and split, which test accuracy, and where the number comes from. */
    public record Entry(String model, String dataset, String split, double accuracy, String source) {}

    /** The rows of the report's Table 4 (all FER-2013 test accuracies as published; the report's own model included). */
    public static final List<Entry> PUBLISHED = List.of(
            // their mini-Xception is the fer2013-xception model imported here (notebook 07): its accuracy stays theirs
            new Entry("Arriaga, Valdenegro-Toro and Plöger, 2017 (mini-Xception: fer2013-xception here)", "FER-2013", "test", 0.66,
                    "report Table 4; reported by its authors, not measured here"),
            new Entry("Custom VGG16 (the report's model)", "FER-2013", "test", 0.6711, "report Table 4"),
            new Entry("Ionescu, Popescu and Grozea, 2013", "FER-2013", "test", 0.6748, "report Table 4"),
            new Entry("Kusuma, Jonathan and Lim, 2020", "FER-2013", "test", 0.6940, "report Table 4"),
            new Entry("Cao et al., 2020", "FER-2013", "test", 0.71, "report Table 4"),
            new Entry("Khairuddin and Chen, 2021", "FER-2013", "test", 0.7328, "report Table 4"));

    private RelatedWork() {}

    /** This run's row for an evaluation (with its test-time augmentation when {@code tta} is set). */
    public static Entry of(ModelEvaluation e, boolean tta) {
        Predictions p = tta && e.tta() != null ? e.tta() : e.plain();
        String model = e.model() + (p.tta() == Tta.NONE ? "" : " + " + p.tta().id() + " TTA");
        return new Entry(model, e.dataset(), e.split().id(), p.accuracy(), "this run");
    }

    /** This run's rows for the given evaluations: each plain, then with its test-time augmentation when it has one. */
    public static List<Entry> rows(List<ModelEvaluation> evaluations) {
        List<Entry> out = new ArrayList<>();
        for (ModelEvaluation e : evaluations) {
            out.add(of(e, false));
            if (e.tta() != null) out.add(of(e, true));
        }
        return out;
    }

    /**
     * The published rows sorted by accuracy, then this run's rows; a "note" column flags every row not measured
     * on FER-2013.
     */
    public static Table table(List<Entry> runs) {
        List<Entry> rows = new ArrayList<>(PUBLISHED);
        rows.sort(Comparator.comparingDouble(Entry::accuracy));
        rows.addAll(runs);
        Table t = Table.create("Table 4 – Performance comparison with existing models",
                StringColumn.create("Model"), StringColumn.create("Dataset"), StringColumn.create("Split"),
                StringColumn.create("Accuracy"), StringColumn.create("Source"), StringColumn.create("Note"));
        for (Entry e : rows) {
            t.stringColumn("Model").append(e.model());
            t.stringColumn("Dataset").append(e.dataset());
            t.stringColumn("Split").append(e.split());
            t.stringColumn("Accuracy").append(String.format(Locale.ROOT, "%.2f%%", 100 * e.accuracy()));
            t.stringColumn("Source").append(e.source());
            t.stringColumn("Note").append(e.dataset().equals("FER-2013") ? ""
                    : "measured on " + e.dataset() + ": not comparable with FER-2013 results");
        }
        return t;
    }
}
