package fer.data;

import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A dataset divided for training: three disjoint {@link LabeledImages} plus, for each, the ids of its
 * images in the dataset's index (so EDA can join back to files and source splits).
 */
public record SplitDataset(InMemoryImages train, InMemoryImages validation, InMemoryImages test,
                           int[] trainIds, int[] validationIds, int[] testIds, SplitConfig config) {

    /** Which dataset these came from ("FER-2013", "synthetic FER", …). */
    public String datasetName() {
        return train.datasetName();
    }

    /** Per-class counts of each part: rows = classes, columns train / validation / test / total. */
    public Table countsTable() {
        var classes = train.classes();
        int[] tr = train.classCounts(), va = validation.classCounts(), te = test.classCounts();
        int[] tot = new int[classes.size()];
        for (int i = 0; i < tot.length; i++) tot[i] = tr[i] + va[i] + te[i];
        Table t = Table.create(datasetName() + " splits (seed " + config.seed() + ")",
                StringColumn.create("class", classes.stream().map(Emotion::id).toList()),
                IntColumn.create("train", tr), IntColumn.create("validation", va), IntColumn.create("test", te),
                IntColumn.create("total", tot));
        t.stringColumn("class").append("all");
        t.intColumn("train").append(train.size());
        t.intColumn("validation").append(validation.size());
        t.intColumn("test").append(test.size());
        t.intColumn("total").append(train.size() + validation.size() + test.size());
        return t;
    }
}
