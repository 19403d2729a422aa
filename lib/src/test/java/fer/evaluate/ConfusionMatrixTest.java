package fer.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fer.data.Emotion;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.nd4j.evaluation.classification.Evaluation;

/** The matrix, its one-vs-rest cells and Table 3's metrics against DL4J's own counts and ratios. */
class ConfusionMatrixTest {
    private final int[] yTrue = new int[400], yPred = new int[400];

    ConfusionMatrixTest() {
        Random rnd = new Random(5);
        for (int i = 0; i < yTrue.length; i++) {
            yTrue[i] = rnd.nextInt(7);
            yPred[i] = rnd.nextDouble() < 0.5 ? yTrue[i] : rnd.nextInt(6); // neutral (6) only when right
        }
    }

    @Test
    void countsArePairsOfTrueAndPredictedLabels() {
        ConfusionMatrix m = ConfusionMatrix.of(ClassificationReport.evaluation(yTrue, yPred, Emotion.FER2013), Emotion.FER2013);
        long[][] want = new long[7][7];
        for (int i = 0; i < yTrue.length; i++) want[yTrue[i]][yPred[i]]++;
        for (int a = 0; a < 7; a++) for (int p = 0; p < 7; p++) assertEquals(want[a][p], m.counts()[a][p], a + "," + p);
        assertEquals(400, m.total());
        for (double[] row : m.rowNormalised()) assertEquals(1.0, java.util.Arrays.stream(row).sum(), 1e-12);
        assertTrue(m.csv().startsWith("true\\predicted,Angry,Disgust,Fear,Happy,Sad,Surprise,Neutral\nAngry,"));
        var img = BitmapEncoder.getBufferedImage(m.heatMap("test", true));
        assertTrue(img.getWidth() > 500 && img.getHeight() > 400);
    }

    @Test
    void oneVsRestAndMetricsAgreeWithDl4j() {
        Evaluation eval = ClassificationReport.evaluation(yTrue, yPred, Emotion.FER2013);
        ConfusionMatrix m = ConfusionMatrix.of(eval, Emotion.FER2013);
        ClassificationReport r = ClassificationReport.of(eval, Emotion.FER2013);
        assertEquals(eval.accuracy(), m.accuracy(), 1e-12);
        for (int c = 0; c < 7; c++) {
            Emotion e = Emotion.FER2013.get(c);
            BinaryCounts mine = m.oneVsRest(e);
            assertEquals(r.counts(e), mine, e.id());
            assertEquals(eval.precision(c, 0.0), Metric.PRECISION.of(mine, 0), 1e-12, e.id());
            assertEquals(eval.recall(c, 0.0), Metric.RECALL.of(mine, 0), 1e-12, e.id());
            assertEquals(eval.f1(c), Metric.F1.of(mine, 0), 1e-12, e.id());
            assertEquals(yTrue.length, mine.total());
        }
        var table3 = Metric.table(m.oneVsRest(Emotion.HAPPY));
        assertEquals(4, table3.rowCount());
        assertEquals(Metric.PRECISION.formula(), table3.stringColumn("Equation").get(1));
        assertEquals(String.format(java.util.Locale.ROOT, "%.4f", r.row(Emotion.HAPPY).precision()), table3.stringColumn(3).get(1));
    }
}
