package fer.augment;

import fer.data.Emotion;
import fer.data.LabeledImages;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What each {@link Balancing} mode does to a training set's classes: images per epoch and the weight
 * each class carries in the loss.
 */
public final class ClassBalance {
    private ClassBalance() {}

    /**
     * One row per class: images, images per epoch when oversampling, the balanced class weight, and
     * the class's total weight in the loss with class weights (images × weight, equal for all classes).
     */
    public static Table table(LabeledImages images) {
        int[] counts = ClassWeights.counts(images);
        int[] over = EpochPlan.oversampledCounts(counts);
        ClassWeights w = ClassWeights.balanced(images);
        StringColumn cls = StringColumn.create("Class");
        IntColumn none = IntColumn.create("Images (NONE)");
        IntColumn os = IntColumn.create("Per epoch (OVERSAMPLE)");
        DoubleColumn weight = DoubleColumn.create("Class weight (CLASS_WEIGHTS)");
        DoubleColumn effective = DoubleColumn.create("Images x weight");
        List<Emotion> classes = images.classes();
        for (int c = 0; c < classes.size(); c++) {
            cls.append(classes.get(c).title());
            none.append(counts[c]);
            os.append(over[c]);
            weight.append(Math.round(w.weight(c) * 1000) / 1000.0);
            effective.append(Math.round(counts[c] * w.weight(c) * 10) / 10.0);
        }
        return Table.create("Class counts before/after balancing: " + images.datasetName(), cls, none, os, weight, effective);
    }

    /** Bars per class: images as they are, per epoch with oversampling, and the loss weight mass with class weights. */
    public static CategoryChart chart(LabeledImages images) {
        Table t = table(images);
        List<String> names = t.stringColumn(0).asList();
        CategoryChart chart = new CategoryChartBuilder().width(820).height(420)
                .title("Class counts before/after balancing (" + images.datasetName() + ")")
                .xAxisTitle("Class").yAxisTitle("Images per epoch (or images x weight)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.addSeries("none", names, toList(t.intColumn(1).asObjectArray()));
        chart.addSeries("oversample", names, toList(t.intColumn(2).asObjectArray()));
        chart.addSeries("class weights (images x weight)", names, toList(t.doubleColumn(4).asObjectArray()));
        return chart;
    }

    private static List<Number> toList(Number[] values) {
        return new ArrayList<>(List.of(values));
    }
}
