package fer.train;

import fer.Progress;
import fer.Study;
import fer.augment.AugmentConfig;
import fer.augment.FerBatches;
import fer.data.Datasets;
import fer.data.Emotion;
import fer.data.InMemoryImages;
import fer.data.SplitDataset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The one place where training meets the data and augmentation steps: the study's dataset (FER-2013, FER+ or
 * synthetic FER, split as in report Section 5.2), training batches augmented as in Table 1, validation batches only
 * rescaled.
 *
 * @param datasetName written on figures and manifests
 */
public record TrainingData(DataSetIterator train, DataSetIterator validation, String datasetName,
                           int trainSize, int validationSize, List<Emotion> classes) {

    /** Train/validation iterators for {@code plan} on the study's dataset (its batch size, input, image limits and seed). */
    public static TrainingData load(Study study, TrainingPlan plan, Progress progress) {
        var spec = plan.model();
        return load(Datasets.loadSplit(study.data(), progress), AugmentConfig.table1(), spec.inputSide(), spec.channels(),
                plan.train().batchSize(), plan.trainImages(), plan.validationImages(), plan.train().seed(), 0);
    }

    /**
     * Train/validation iterators over {@code parts}, at most {@code trainLimit}/{@code valLimit} images each (a seeded
     * random subset when the split is larger: the quick profile trains VGG16 on a slice), from epoch {@code startEpoch}.
     */
    public static TrainingData load(SplitDataset parts, AugmentConfig augment, int side, int channels, int batchSize,
                                    int trainLimit, int valLimit, long seed, int startEpoch) {
        InMemoryImages train = sample(parts.train(), trainLimit, seed);
        InMemoryImages val = sample(parts.validation(), valLimit, seed + 1);
        DataSetIterator trainBatches = FerBatches.training(train).batchSize(batchSize).channels(channels).side(side)
                .augment(augment).seed(seed).startEpoch(startEpoch).build();
        DataSetIterator valBatches = FerBatches.evaluation(val).batchSize(batchSize).channels(channels).side(side)
                .augment(augment).build();
        return new TrainingData(trainBatches, valBatches, parts.datasetName(), train.size(), val.size(), train.classes());
    }

    /** All of {@code images}, or a seeded random {@code limit} of them (sorted, so the subset keeps its order). */
    static InMemoryImages sample(InMemoryImages images, int limit, long seed) {
        if (limit <= 0 || limit >= images.size()) return images;
        int[] order = new int[images.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Random rnd = new Random(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] chosen = Arrays.copyOf(order, limit);
        Arrays.sort(chosen);
        return images.subset(chosen);
    }
}
