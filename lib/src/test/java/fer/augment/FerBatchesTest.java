package fer.augment;

import static org.junit.jupiter.api.Assertions.*;

import fer.data.InMemoryImages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class FerBatchesTest {

    private static List<DataSet> epoch(FerBatches it) {
        List<DataSet> out = new ArrayList<>();
        while (it.hasNext()) out.add(it.next());
        return out;
    }

    @Test
    void evaluationBatchesAreRescaledPixelsWithOneHotLabelsInOrder() {
        InMemoryImages imgs = TestImages.uniform(23, 48, 1);
        try (FerBatches it = FerBatches.evaluation(imgs).batchSize(10).build()) {
            List<DataSet> batches = epoch(it);
            assertEquals(3, batches.size());
            assertArrayEquals(new long[] {10, 1, 48, 48}, batches.get(0).getFeatures().shape());
            assertArrayEquals(new long[] {3, 7}, batches.get(2).getLabels().shape());
            for (int i = 0; i < imgs.size(); i++) {
                DataSet b = batches.get(i / 10);
                int j = i % 10;
                INDArray labelRow = b.getLabels().getRow(j);
                assertEquals(1.0, labelRow.sumNumber().doubleValue(), 1e-9);
                assertEquals(imgs.label(i), labelRow.argMax().getInt(0));
                byte[] px = imgs.pixels(i);
                for (int p : new int[] {0, 100, 1000, 2303}) {
                    assertEquals((px[p] & 0xFF) / 255.0, b.getFeatures().getDouble(j, 0, p / 48, p % 48), 1e-6);
                }
            }
        }
    }

    @Test
    void augmentedTrainingBatchesStayInRangeKeepLabelsAndFillAllChannels() {
        InMemoryImages imgs = TestImages.uniform(40, 48, 2);
        AugmentConfig strong = AugmentConfig.table1().withBrightnessContrast(0.3, 0.3).withRandomErasing(0.5);
        try (FerBatches it = FerBatches.training(imgs).batchSize(16).channels(3).side(64).augment(strong).seed(3).build()) {
            int[] order = it.epochOrder();
            int pos = 0;
            for (DataSet b : epoch(it)) {
                INDArray x = b.getFeatures();
                assertEquals(64, x.size(2));
                assertTrue(x.minNumber().doubleValue() >= 0 && x.maxNumber().doubleValue() <= 1);
                assertEquals(x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(0)),
                        x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(2)));
                for (int j = 0; j < x.size(0); j++, pos++) {
                    assertEquals(imgs.label(order[pos]), b.getLabels().getRow(j).argMax().getInt(0), "label of position " + pos);
                }
            }
            assertEquals(40, pos);
        }
    }

    @Test
    void batchesDependOnSeedEpochAndPositionNotOnThreads() {
        InMemoryImages imgs = TestImages.uniform(50, 48, 3);
        List<List<DataSet>> runs = new ArrayList<>();
        for (int threads : new int[] {0, 1, 3}) {
            try (FerBatches it = FerBatches.training(imgs).batchSize(8).seed(9).prefetchThreads(threads).build()) {
                List<DataSet> both = new ArrayList<>(epoch(it));
                it.reset();
                assertEquals(1, it.epoch());
                both.addAll(epoch(it));
                runs.add(both);
            }
        }
        for (int r = 1; r < runs.size(); r++) {
            for (int b = 0; b < runs.get(0).size(); b++) {
                assertEquals(runs.get(0).get(b).getFeatures(), runs.get(r).get(b).getFeatures(), "run " + r + " batch " + b);
                assertEquals(runs.get(0).get(b).getLabels(), runs.get(r).get(b).getLabels());
            }
        }
        // epoch 1 is a new shuffle and new augmentation
        assertNotEquals(runs.get(0).get(0).getFeatures(), runs.get(0).get(7).getFeatures());
    }

    @Test
    void resetBeforeReadingKeepsTheEpochAndSetEpochResumes() {
        InMemoryImages imgs = TestImages.uniform(30, 48, 4);
        try (FerBatches a = FerBatches.training(imgs).batchSize(10).seed(5).build();
                FerBatches b = FerBatches.training(imgs).batchSize(10).seed(5).startEpoch(2).build()) {
            a.reset();
            assertEquals(0, a.epoch());
            a.next();
            a.reset();
            a.next();
            a.reset();
            assertEquals(2, a.epoch());
            assertEquals(a.next().getFeatures(), b.next().getFeatures());
        }
    }

    @Test
    void oversamplingEqualisesClassesAndKeepsEveryImage() {
        int[] counts = {12, 2, 5, 30, 9, 7, 0};
        InMemoryImages imgs = TestImages.withCounts(48, counts, 5);
        try (FerBatches it = FerBatches.training(imgs).batchSize(32).balancing(Balancing.OVERSAMPLE).seed(1).build()) {
            assertArrayEquals(new int[] {30, 30, 30, 30, 30, 30, 0}, it.epochClassCounts());
            assertEquals(6 * 30, it.epochSize());
            int[] seen = new int[imgs.size()];
            for (int i : it.epochOrder()) seen[i]++;
            for (int i = 0; i < seen.length; i++) {
                int c = imgs.label(i);
                int whole = 30 / counts[c];
                assertTrue(seen[i] == whole || seen[i] == whole + 1, "image " + i + " of class " + c + " seen " + seen[i]);
            }
            int batches = 0;
            while (it.hasNext()) { it.next(); batches++; }
            assertEquals(6, batches);
        }
        try (FerBatches plain = FerBatches.training(imgs).balancing(Balancing.CLASS_WEIGHTS).build()) {
            assertArrayEquals(counts, plain.epochClassCounts());
        }
    }

    @Test
    void balancedClassWeightsMakeEveryPresentClassCountTheSame() {
        int[] counts = {3995, 436, 4097, 7215, 4830, 3171, 4965};
        ClassWeights w = ClassWeights.balanced(fer.data.Emotion.FER2013, counts);
        int n = Arrays.stream(counts).sum();
        for (int c = 0; c < counts.length; c++) assertEquals(n / 7.0, counts[c] * w.weight(c), 1e-6);
        assertEquals(28709.0 / (7 * 436), w.weight(1), 1e-9);
        ClassWeights withAbsent = ClassWeights.balanced(fer.data.Emotion.FER2013, new int[] {2, 0, 6, 0, 0, 0, 0});
        assertEquals(0, withAbsent.weight(1));
        assertEquals(8.0 / (2 * 2), withAbsent.weight(0), 1e-12);
        assertArrayEquals(new long[] {1, 7}, w.toINDArray().shape());
    }

    @Test
    void trainsAndEvaluatesASmallCnnThroughDl4j() {
        InMemoryImages imgs = TestImages.uniform(48, 16, 6);
        ClassWeights weights = ClassWeights.balanced(imgs);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-3)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(2, 2).stride(2, 2).build())
                .layer(new OutputLayer.Builder(new LossMCXENT(weights.toINDArray())).nOut(7).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(16, 16, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        try (FerBatches train = FerBatches.training(imgs).batchSize(16).seed(2).build();
                FerBatches eval = FerBatches.evaluation(imgs).batchSize(16).build()) {
            net.fit(train, 3);
            assertEquals(2, train.epoch(), "fit(iterator, 3) resets between epochs");
            Evaluation e = net.evaluate(eval);
            assertEquals(48, e.getConfusion().getPredictedTotal(0) + Arrays.stream(new int[] {1, 2, 3, 4, 5, 6})
                    .map(c -> e.getConfusion().getPredictedTotal(c)).sum());
        }
    }

    @Test
    void everyEpochIsAFreshPermutationOfAllImages() {
        InMemoryImages imgs = TestImages.uniform(64, 16, 8);
        try (FerBatches it = FerBatches.training(imgs).batchSize(64).prefetchThreads(0).seed(4).build()) {
            int[] e0 = it.epochOrder();
            it.next();
            it.reset();
            int[] e1 = it.epochOrder();
            assertArrayEquals(EpochPlan.identity(64), Arrays.stream(e0).sorted().toArray());
            assertArrayEquals(EpochPlan.identity(64), Arrays.stream(e1).sorted().toArray());
            assertFalse(Arrays.equals(e0, e1));
            assertFalse(Arrays.equals(EpochPlan.identity(64), e0));
        }
        try (FerBatches eval = FerBatches.evaluation(imgs).build()) {
            assertArrayEquals(EpochPlan.identity(64), eval.epochOrder());
        }
    }

    @Test
    void badInputIsRejectedWithWhatWasExpectedAndFound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FerBatches.training(TestImages.uniform(7, 16, 1)).channels(2));
        assertTrue(e.getMessage().contains("expected 1 or 3, found 2"), e.getMessage());
        try (MatBuffers b = new MatBuffers()) {
            e = assertThrows(IllegalArgumentException.class,
                    () -> b.augment(AugmentPipeline.training(AugmentConfig.table1()), new byte[10], 48, 48, Seeds.random(1, 0, 0)));
            assertTrue(e.getMessage().contains("expected 2304 bytes") && e.getMessage().contains("found 10"), e.getMessage());
        }
    }
}
