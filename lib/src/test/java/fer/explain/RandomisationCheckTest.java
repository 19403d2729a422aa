package fer.explain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adebayo et al.'s model-randomisation sanity check: after a short training on synthetic images whose class
 * is where a bright square sits, the maps of the trained CNN and of the same architecture re-initialised must
 * differ (a map method that shows the input, not the model, fails this).
 */
class RandomisationCheckTest {
    private static final int SIDE = 16, K = 4;

    @Test
    void trainedAndReinitialisedMapsDiffer() {
        ComputationGraph net = TestNets.tiny(SIDE, 1, K, DataType.FLOAT, 41);
        DataSet train = squares(256, 42);
        for (int epoch = 0; epoch < 15; epoch++) {
            for (DataSet b : train.batchBy(32)) net.fit(b);
        }
        DataSet test = squares(32, 43);
        INDArray pred = net.outputSingle(false, test.getFeatures()).argMax(1);
        double acc = pred.eq(test.getLabels().argMax(1)).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        assertTrue(acc > 0.9, "training did not learn the task: accuracy " + acc);

        ComputationGraph random = new ComputationGraph(net.getConfiguration().clone());
        random.init();
        InputShape in = InputShape.square(SIDE, 1);
        GradientModel trained = GradientModel.of(net, in, GradientModel.Score.LOGIT);
        GradientModel reinit = GradientModel.of(random, in, GradientModel.Score.LOGIT);
        int[] t = test.getLabels().argMax(1).toIntVector();
        double vanilla = SaliencyStudy.meanSpearman(new VanillaGradient().maps(trained, test.getFeatures(), t),
                new VanillaGradient().maps(reinit, test.getFeatures(), t));
        double gradCam = SaliencyStudy.meanSpearman(GradCam.lastConv().maps(trained, test.getFeatures(), t),
                GradCam.lastConv().maps(reinit, test.getFeatures(), t));
        System.out.printf("model randomisation: mean Spearman rho trained vs re-initialised: vanilla %.3f, Grad-CAM %.3f (accuracy %.2f)%n",
                vanilla, gradCam, acc);
        assertTrue(vanilla < 0.5, "vanilla maps barely depend on the weights: rho " + vanilla);
        assertTrue(gradCam < 0.5, "Grad-CAM maps barely depend on the weights: rho " + gradCam);
    }

    /** n images: noise in [0, 0.3), plus a bright square in quadrant (class) 0-3. */
    static DataSet squares(int n, long seed) {
        Random r = new Random(seed);
        INDArray x = Nd4j.create(DataType.FLOAT, n, 1, SIDE, SIDE);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, K);
        int half = SIDE / 2;
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(K);
            y.putScalar(i, c, 1f);
            int oy = (c / 2) * half + 1 + r.nextInt(2), ox = (c % 2) * half + 1 + r.nextInt(2);
            for (int yy = 0; yy < SIDE; yy++) for (int xx = 0; xx < SIDE; xx++) {
                boolean in = yy >= oy && yy < oy + 5 && xx >= ox && xx < ox + 5;
                x.putScalar(new long[] {i, 0, yy, xx}, r.nextFloat() * 0.3f + (in ? 0.7f : 0f));
            }
        }
        return new DataSet(x, y);
    }
}
