package fer.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Integrated Gradients' completeness, Grad-CAM's independence from the batch, occlusion against a direct recomputation. */
class SaliencyMethodsTest {
    private static DataType savedDefault;
    private static final int SIDE = 12, CH = 1, K = 4;

    @BeforeAll
    static void doublePrecision() {
        savedDefault = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(savedDefault, savedDefault);
    }

    @Test
    void integratedGradientsAreCompleteWithinOnePercentAtAHundredSteps() {
        ComputationGraph net = TestNets.tiny(SIDE, CH, K, DataType.DOUBLE, 21);
        GradientModel m = GradientModel.of(net, InputShape.square(SIDE, CH), GradientModel.Score.LOGIT);
        // structured images (a bright block on dim noise), so that blurring them changes the scores
        INDArray x = TestNets.images(3, CH, SIDE, DataType.DOUBLE, 22).muli(0.3);
        for (int i = 0; i < 3; i++) {
            x.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.interval(2 + 2 * i, 7 + 2 * i), NDArrayIndex.interval(1 + i, 7 + i)).addi(0.7);
        }
        for (IntegratedGradients.Baseline b : IntegratedGradients.Baseline.values()) {
            IntegratedGradients ig = new IntegratedGradients(100, b, 2.0); // at 50 steps the worst case here was 1.2 %
            for (int i = 0; i < 3; i++) {
                INDArray xi = Tensors.one(x, i);
                // the class whose score changes most along the path: a relative gap needs a difference to be relative to
                INDArray delta = m.scores(xi).sub(m.scores(ig.baselineOf(xi)));
                int target = org.nd4j.linalg.ops.transforms.Transforms.abs(delta).argMax(1).getInt(0);
                IntegratedGradients.Attribution a = ig.attribute(m, xi, target);
                assertTrue(Math.abs(a.scoreAtImage() - a.scoreAtBaseline()) > 1e-4, b + " image " + i + ": degenerate path"); // double precision: roundoff is far below 1 % of this
                System.out.printf("IG %s image %d class %d: sum %.6g, f(x) - f(x') %.6g, gap %.4f%%%n", b, i, target, a.sum(),
                        a.scoreAtImage() - a.scoreAtBaseline(), 100 * a.completenessGap());
                assertTrue(a.completenessGap() < 0.01, b + " image " + i + ": sum " + a.sum() + " vs f(x) - f(x') "
                        + (a.scoreAtImage() - a.scoreAtBaseline()) + ", gap " + a.completenessGap());
            }
        }
    }

    @Test
    void blurredBaselineKeepsTheMeanAndRemovesDetail() {
        INDArray x = TestNets.images(1, 1, 16, DataType.DOUBLE, 23);
        INDArray b = IntegratedGradients.gaussianBlur(x, 2.0);
        assertEquals(x.meanNumber().doubleValue(), b.meanNumber().doubleValue(), 0.02);
        assertTrue(b.stdNumber().doubleValue() < 0.5 * x.stdNumber().doubleValue(), "blur keeps too much detail");
    }

    @Test
    void gradCamOfAnImageIsTheSameAloneAndInABatch() {
        ComputationGraph net = TestNets.tiny(SIDE, CH, K, DataType.DOUBLE, 24);
        GradientModel m = GradientModel.of(net, InputShape.square(SIDE, CH), GradientModel.Score.LOGIT);
        assertEquals("c2", m.lastConvVertex());
        INDArray batch = TestNets.images(5, CH, SIDE, DataType.DOUBLE, 25);
        INDArray all = GradCam.lastConv().maps(m, batch, new int[] {0, 1, 2, 3, 0});
        for (int i = 0; i < 5; i++) {
            INDArray alone = GradCam.lastConv().maps(m, Tensors.one(batch, i), new int[] {i % K});
            assertTrue(all.slice(i).equalsWithEps(alone.slice(0), 1e-5), "image " + i);
        }
        assertArrayEquals(new long[] {5, SIDE, SIDE}, all.shape());
        assertTrue(all.minNumber().doubleValue() >= 0, "Grad-CAM is a ReLU");
    }

    @Test
    void gradCamMatchesItsDefinitionOnTheFeatureMaps() {
        ComputationGraph net = TestNets.tiny(SIDE, CH, K, DataType.DOUBLE, 26);
        GradientModel m = GradientModel.of(net, InputShape.square(SIDE, CH), GradientModel.Score.LOGIT);
        INDArray x = TestNets.images(1, CH, SIDE, DataType.DOUBLE, 27);
        // Selvaraju et al.'s formula written out on the feature maps and their gradients (themselves checked by
        // GradientModelTest's finite differences): weights = spatial mean gradient, ReLU of the weighted sum, upsampled
        GradientModel.Backward b = m.backward(x, Tensors.oneHot(new int[] {2}, K), "c2");
        INDArray a = b.activations().get("c2"), g = b.gradients().get("c2");
        double[] cam = new double[(int) (a.size(2) * a.size(3))];
        for (int k = 0; k < a.size(1); k++) {
            double alpha = g.get(NDArrayIndex.point(0), NDArrayIndex.point(k)).meanNumber().doubleValue();
            double[] ak = a.get(NDArrayIndex.point(0), NDArrayIndex.point(k)).dup('c').data().asDouble();
            for (int p = 0; p < cam.length; p++) cam[p] += alpha * ak[p];
        }
        INDArray coarse = Nd4j.create(cam, new long[] {1, a.size(2), a.size(3)});
        INDArray expected = GradCam.upsample(org.nd4j.linalg.ops.transforms.Transforms.relu(coarse, true), SIDE, SIDE);
        INDArray got = GradCam.lastConv().maps(m, x, new int[] {2});
        assertTrue(expected.castTo(DataType.FLOAT).equalsWithEps(got, 1e-5));
    }

    @Test
    void occlusionOfACornerPixelIsTheScoreDropOfTheOnePatchCoveringIt() {
        ComputationGraph net = TestNets.tiny(SIDE, CH, K, DataType.DOUBLE, 28);
        GradientModel m = GradientModel.of(net, InputShape.square(SIDE, CH), GradientModel.Score.LOGIT);
        INDArray x = TestNets.images(1, CH, SIDE, DataType.DOUBLE, 29);
        Occlusion occ = new Occlusion(4, 4);
        INDArray drops = occ.sensitivity(m, x);
        INDArray covered = x.dup();
        covered.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.interval(0, 4), NDArrayIndex.interval(0, 4))
                .assign(x.meanNumber().doubleValue());
        for (int c = 0; c < K; c++) {
            double expected = m.scores(x).getDouble(0, c) - m.scores(covered).getDouble(0, c);
            assertEquals(expected, drops.getDouble(c, 0, 0), 1e-5, "class " + c);
            assertEquals(expected, drops.getDouble(c, 3, 3), 1e-5, "class " + c + ", same patch");
        }
    }

    @Test
    void smoothGradWithoutNoiseIsTheVanillaMap() {
        ComputationGraph net = TestNets.tiny(SIDE, CH, K, DataType.DOUBLE, 30);
        GradientModel m = GradientModel.of(net, InputShape.square(SIDE, CH), GradientModel.Score.LOGIT);
        INDArray x = TestNets.images(2, CH, SIDE, DataType.DOUBLE, 31);
        int[] t = {1, 3};
        INDArray v = new VanillaGradient().maps(m, x, t);
        assertTrue(v.equalsWithEps(new SmoothGrad(3, 0.0, 1).maps(m, x, t), 1e-5));
        INDArray noisy = new SmoothGrad(8, 0.2, 1).maps(m, x, t);
        assertTrue(!v.equalsWithEps(noisy, 1e-5), "noise changed nothing");
        assertTrue(noisy.equalsWithEps(new SmoothGrad(8, 0.2, 1).maps(m, x, t), 1e-6), "same seed, same map");
    }

    @Test
    void spearmanAgreesWithScipy() {
        // scipy.stats.spearmanr on the same vectors (Debian's python3-scipy), ties included
        assertEquals(0.028988551782622423, RankCorrelation.spearman(new float[] {1, 2, 3, 4, 5, 6}, new float[] {5, 6, 7, 8, 7, 1}), 1e-12);
        assertEquals(0.13762047064079508, RankCorrelation.spearman(new float[] {0.1f, 0.4f, 0.4f, 0.2f, 0.9f, 0.3f, 0.3f},
                new float[] {3, 1, 2, 2, 5, 0, 4}), 1e-12);
    }
}
