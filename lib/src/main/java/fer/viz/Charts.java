package fer.viz;

import fer.data.Emotion;
import fer.data.LabeledImages;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        return classDistribution(title, images.classes().stream().map(Emotion::title).toList(), counts(images));
    }

    /**
     * The numbers the report gives for Figure 2 (Section 4.2: "happy … 7,215, disgust … 436"), for any images:
     * "largest happy 901, smallest disgust 55, of 3,600 images" (ties go to the class listed first).
     */
    public static String distributionHeadline(LabeledImages images) {
        int[] n = counts(images);
        if (n.length == 0) return images.size() + " images";
        int most = 0, least = 0;
        for (int c = 1; c < n.length; c++) {
            if (n[c] > n[most]) most = c;
            if (n[c] < n[least]) least = c;
        }
        return String.format(Locale.ROOT, "largest %s %,d, smallest %s %,d, of %,d images", images.classes().get(most).id(),
                n[most], images.classes().get(least).id(), n[least], images.size());
    }

    private static int[] counts(LabeledImages images) {
        int[] counts = new int[images.classes().size()];
        for (int i = 0; i < images.size(); i++) counts[images.label(i)]++;
        return counts;
    }
}
