package fer.tune;

import fer.Study;
import fer.augment.FerBatches;
import fer.data.Datasets;
import fer.data.InMemoryImages;
import fer.data.SplitDataset;
import fer.model.Architecture;
import fer.model.Models;
import fer.train.EpochMetrics;
import fer.train.StudyModels;
import fer.train.TrainingAccuracy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The quick profile's trials: the report's head (Dense x 2 or 3 + Dropout + softmax, with a trial's
 * units, drop rates, activation, optimiser, learning rate and batch size) trained on a <b>frozen</b> base.
 * The base's global-average-pooled features ({@value Models#VGG_BASE_END} + GAP) are computed once, without
 * augmentation, and every trial trains its head on them: the same network as a frozen-base custom model
 * fed un-augmented images, at a small fraction of the cost. (The paper profile fine-tunes the whole model
 * per trial: {@link FullModelTrials}.)
 */
public final class HeadTrials implements TrialRunner {
    static final String IN = "features";
    private final INDArray trainX;
    private final INDArray trainY;
    private final INDArray valX;
    private final INDArray valY;
    private final String datasetName;
    private final String base;

    /**
     * @param trainX features, one row per image; trainY one-hot labels (same for validation)
     * @param base   what the features came from, for the description
     */
    /** How long the base features took (shown, never compared); NaN when they were given. */
    private double featureSeconds = Double.NaN;

    public HeadTrials(INDArray trainX, INDArray trainY, INDArray valX, INDArray valY, String datasetName, String base) {
        if (trainX.size(0) != trainY.size(0) || valX.size(0) != valY.size(0) || trainX.size(1) != valX.size(1)) {
            throw new IllegalArgumentException("features/labels disagree: train " + Arrays.toString(trainX.shape()) + "/"
                    + Arrays.toString(trainY.shape()) + ", validation " + Arrays.toString(valX.shape()) + "/" + Arrays.toString(valY.shape()));
        }
        this.trainX = trainX.castTo(DataType.FLOAT);
        this.trainY = trainY.castTo(DataType.FLOAT);
        this.valX = valX.castTo(DataType.FLOAT);
        this.valY = valY.castTo(DataType.FLOAT);
        this.datasetName = datasetName;
        this.base = base;
    }

    /**
     * Trials on the study's base for {@code profile}: the default model notebook 03 saved (trained now if
     * missing), its vertices up to {@value Models#VGG_BASE_END} + GAP run once over at most
     * {@code trainLimit}/{@code valLimit} images of the split (a seeded subset; 0 = all).
     */
    public static HeadTrials fromStudyBase(Study study, int trainLimit, int valLimit, long seed) {
        return fromModel(StudyModels.loadOrTrain(study, Architecture.BASELINE), Models.VGG_BASE_END, study, trainLimit, valLimit, seed);
    }

    /**
     * Trials on any saved model's features: its activations at {@code endVertex} (pooled to one value per
     * channel when spatial) over the profile's split. The quick search uses the default model and
     * {@value Models#VGG_BASE_END}; another end vertex lets a head be searched on, e.g., the small CNN's last pool.
     */
    public static HeadTrials fromModel(StudyModels.Saved saved, String endVertex, Study study, int trainLimit, int valLimit,
                                       long seed) {
        int[] input = input(saved);
        SplitDataset split = Datasets.loadSplit(study.data(), study.progress());
        long t0 = System.nanoTime();
        InMemoryImages train = subset(split.train(), trainLimit, seed);
        InMemoryImages val = subset(split.validation(), valLimit, seed + 1);
        INDArray[] tr = features(saved.net(), endVertex, train, input[0], input[1]);
        INDArray[] va = features(saved.net(), endVertex, val, input[0], input[1]);
        // the settings text holds no timing: a resume on a busier machine must compare equal (issue 26, case 3)
        String desc = String.format(Locale.ROOT, "head on frozen %s features (%s + GAP, %d per image; %d train / %d validation images,"
                + " un-augmented)", saved.name(), endVertex, tr[0].size(1), train.size(), val.size());
        HeadTrials h = new HeadTrials(tr[0], tr[1], va[0], va[1], split.datasetName(), desc);
        h.featureSeconds = (System.nanoTime() - t0) / 1e9;
        return h;
    }

    /** Side and channels from the manifest's {@code model.input} ("48x48x3"); 48x48x3 when absent. */
    @SuppressWarnings("unchecked")
    static int[] input(StudyModels.Saved saved) {
        Object model = saved.manifest().get("model");
        Object in = model instanceof Map ? ((Map<String, Object>) model).get("input") : null;
        if (in == null) return new int[] {48, 3};
        String[] p = in.toString().split("x");
        if (p.length != 3) throw new IllegalArgumentException(saved.zip() + " manifest: model.input '" + in + "', expected SIDExSIDExCHANNELS");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[2])};
    }

    /** GAP of {@code base}'s activations at {@code endVertex} over {@code images}: {features, one-hot labels}. */
    public static INDArray[] features(ComputationGraph base, String endVertex, InMemoryImages images, int side, int channels) {
        if (base.getVertex(endVertex) == null) {
            throw new IllegalArgumentException("the base model has no vertex '" + endVertex + "'; vertices: "
                    + Arrays.stream(base.getVertices()).map(v -> v.getVertexName()).toList());
        }
        List<INDArray> xs = new ArrayList<>();
        List<INDArray> ys = new ArrayList<>();
        try (FerBatches batches = FerBatches.evaluation(images).batchSize(64).channels(channels).side(side).build()) {
            while (batches.hasNext()) {
                DataSet ds = batches.next();
                INDArray pool = base.feedForward(ds.getFeatures(), false).get(endVertex);
                xs.add(pool.rank() == 4 ? pool.mean(2, 3) : pool.dup());
                ys.add(ds.getLabels().dup());
            }
        }
        return new INDArray[] {Nd4j.vstack(xs.toArray(INDArray[]::new)), Nd4j.vstack(ys.toArray(INDArray[]::new))};
    }

    static InMemoryImages subset(InMemoryImages images, int limit, long seed) {
        if (limit <= 0 || limit >= images.size()) return images;
        int[] order = new int[images.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        shuffle(order, new Random(seed));
        int[] chosen = Arrays.copyOf(order, limit);
        Arrays.sort(chosen);
        return images.subset(chosen);
    }

    /**
     * The cached features as plain arrays, for another JVM: a cluster's executors get them once (a Spark broadcast)
     * instead of each computing the base's features again.
     */
    @Override
    public TrialRunnerSource source() {
        return new Features(trainX.toFloatMatrix(), trainY.toFloatMatrix(), valX.toFloatMatrix(), valY.toFloatMatrix(),
                datasetName, base);
    }

    /** {@link HeadTrials}' data in serializable form: features and one-hot labels, one row per image. */
    public record Features(float[][] trainX, float[][] trainY, float[][] valX, float[][] valY, String datasetName, String base)
            implements TrialRunnerSource {
        @Override
        public String key() {
            // the content decides: two searches on different features in one executor JVM keep two runners
            return "head:" + datasetName + ":" + trainX.length + "x" + (trainX.length == 0 ? 0 : trainX[0].length) + ":"
                    + java.util.Arrays.deepHashCode(trainX) + ":" + java.util.Arrays.deepHashCode(valX)
                    + ":" + java.util.Arrays.deepHashCode(trainY) + ":" + java.util.Arrays.deepHashCode(valY);
        }

        @Override
        public TrialRunner open() {
            return new HeadTrials(Nd4j.create(trainX), Nd4j.create(trainY), Nd4j.create(valX), Nd4j.create(valY), datasetName, base);
        }
    }

    @Override
    public int trainImages() {
        return (int) trainX.size(0);
    }

    @Override
    public String datasetName() {
        return datasetName;
    }

    @Override
    public String describe() {
        return Double.isNaN(featureSeconds) ? base : base + String.format(Locale.ROOT, ", features computed in %.0fs", featureSeconds);
    }

    @Override
    public String settings() {
        return base;
    }

    /** Features per image. */
    public int featureSize() {
        return (int) trainX.size(1);
    }

    /** The head network for {@code h} on {@code inputs} features: Dense/Dropout x layers, softmax (the custom head after GAP). */
    public static ComputationGraph head(HeadHyperparameters h, int inputs, int classes, long seed) {
        Activation act = Activation.fromString(h.activation());
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(seed)
                .updater(h.optimizer().toUpdater()).weightInit(WeightInit.XAVIER_UNIFORM)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder().addInputs(IN).setInputTypes(InputType.feedForward(inputs));
        String last = IN;
        int[] units = h.units();
        double[] drops = h.dropouts();
        for (int k = 1; k <= units.length; k++) {
            g.addLayer("fc" + k, new DenseLayer.Builder().nOut(units[k - 1]).activation(act).build(), last);
            // DL4J's dropout argument is the probability of keeping a unit: 1 - Keras' rate
            g.addLayer("dropout" + k, new DropoutLayer.Builder(1 - drops[k - 1]).build(), "fc" + k);
            last = "dropout" + k;
        }
        g.addLayer(Models.OUTPUT, new OutputLayer.Builder(Models.crossEntropy(null)).nOut(classes).activation(Activation.SOFTMAX).build(), last)
                .setOutputs(Models.OUTPUT);
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    @Override
    public List<EpochMetrics> train(Map<String, Object> config, long seed, int startEpoch, int endEpoch, Path stateDir,
                                    boolean continueLater, Consumer<EpochMetrics> onEpoch) throws IOException {
        HeadHyperparameters h = HeadHyperparameters.from(config);
        ComputationGraph net;
        if (startEpoch == 0) {
            net = head(h, featureSize(), (int) trainY.size(1), seed);
        } else {
            Path state = state(stateDir, startEpoch);
            if (!Files.isRegularFile(state)) throw new IllegalStateException("cannot continue from epoch " + startEpoch + ": " + state + " is missing");
            net = ModelSerializer.restoreComputationGraph(state.toFile(), true);
        }
        TrainingAccuracy accuracy = new TrainingAccuracy(net);
        net.setListeners(accuracy);
        int n = trainImages();
        int batch = h.batchSize();
        List<EpochMetrics> history = new ArrayList<>();
        for (int epoch = startEpoch + 1; epoch <= endEpoch; epoch++) {
            long t0 = System.nanoTime();
            int[] order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            shuffle(order, new Random(seed * 31 + epoch));
            // dropout draws from ND4J's per-thread generator: seeded per epoch, an epoch's masks depend on (seed, epoch)
            // only, not on what the thread trained before (a promoted configuration continued on another machine, or
            // on a Spark task thread, trains exactly as it would have here)
            Nd4j.getRandom().setSeed(seed * 31 + epoch);
            accuracy.reset();
            double lossSum = 0;
            for (int from = 0; from < n; from += batch) {
                int[] idx = Arrays.copyOfRange(order, from, Math.min(n, from + batch));
                INDArray y = trainY.getRows(idx);
                accuracy.nextBatch(y);
                net.fit(new DataSet(trainX.getRows(idx), y));
                double loss = net.score();
                if (!Double.isFinite(loss)) {
                    throw new ArithmeticException(String.format(Locale.ROOT, "loss is %s at epoch %d, batch %d (%s)", loss, epoch,
                            from / batch + 1, h));
                }
                lossSum += loss * idx.length;
            }
            double[] val = evaluate(net, valX, valY);
            EpochMetrics m = new EpochMetrics(epoch, lossSum / n, accuracy.accuracy(), val[0], val[1], h.optimizer().learningRate(),
                    (System.nanoTime() - t0) / 1e9);
            history.add(m);
            onEpoch.accept(m);
        }
        net.setListeners();
        if (continueLater) {
            // named by epoch: a kill after this save but before the log line cannot make a re-run continue from too far
            fer.AtomicFiles.write(state(stateDir, endEpoch), out -> ModelSerializer.writeModel(net, out, true));
        }
        return history;
    }

    private static Path state(Path dir, int epoch) {
        return dir.resolve(String.format(Locale.ROOT, "head-epoch-%03d.zip", epoch));
    }

    /** Validation loss (categorical cross-entropy, clipped as Keras does) and accuracy, dropout off. */
    static double[] evaluate(ComputationGraph net, INDArray x, INDArray y) {
        INDArray p = net.outputSingle(false, x);
        double loss = -Transforms.log(Transforms.max(p, 1e-7), false).mul(y).sumNumber().doubleValue() / y.size(0);
        double acc = p.argMax(1).eq(y.argMax(1)).castTo(DataType.INT).sumNumber().doubleValue() / y.size(0);
        return new double[] {loss, acc};
    }

    private static void shuffle(int[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
