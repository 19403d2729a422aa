package fer.viz;

import fer.data.Emotion;
import fer.data.LabeledImages;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** XChart builders for the report's standard charts, styled alike. */
public final class Charts {
    private Charts() {}

    /** Bar chart of images per class (Figures 2 and 3): one bar per class with its count on top. */
    public static CategoryChart classDistribution(String title, List<String> classes, int[] counts) {
        if (classes.size() != counts.length) {
            throw new IllegalArgumentException(classes.size() + " class names but " + counts.length + " counts");
        }
        CategoryChart chart = new CategoryChartBuilder().width(720).height(420).title(title)
                .xAxisTitle("Expression").yAxisTitle("Images").build();
        var s = chart.getStyler();
        s.setLegendVisible(false);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFontColor(Color.DARK_GRAY);
        chart.getStyler().setSeriesColors(new Color[] {new Color(0x4C72B0)});
        List<Integer> y = new ArrayList<>();
        for (int c : counts) y.add(c);
        chart.addSeries("images", classes, y);
        return chart;
    }

    /** Bar chart of the class counts of {@code images}, classes in label order with their display names. */
    public static CategoryChart classDistribution(String title, LabeledImages images) {
        int[] counts = new int[images.classes().size()];
        for (int i = 0; i < images.size(); i++) counts[images.label(i)]++;
        return classDistribution(title, images.classes().stream().map(Emotion::title).toList(), counts);
    }
}
