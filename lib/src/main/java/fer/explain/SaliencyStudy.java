package fer.explain;

import fer.Progress;
import fer.augment.FerBatches;
import fer.data.Emotion;
import fer.data.InMemoryImages;
import fer.train.StudyModels;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Saliency for one trained model, as notebook 06 and {@code fer explain} use it: explain a sample of faces
 * with every chosen method (Figure 17), one face for every class, the mean map per class over a split,
 * the model-randomisation check, and the maps saved as {@code .npy} arrays.
 */
public final class SaliencyStudy {
    /**
     * What to compute.
     *
     * @param methods    comma-separated method names ({@link Methods#NAMES})
     * @param sampleSize faces in Figure 17
     * @param seed       picks the sample and seeds SmoothGrad's noise
     * @param score      logit (the report's) or probability
     * @param classMeanLimit at most this many test faces for the per-class mean maps
     */
    public record Config(String methods, int sampleSize, long seed, GradientModel.Score score, int classMeanLimit) {
        public Config {
            if (sampleSize < 1) throw new IllegalArgumentException("sample size must be positive, got " + sampleSize);
            if (classMeanLimit < 1) throw new IllegalArgumentException("class-mean limit must be positive, got " + classMeanLimit);
        }

        /** All five methods (IG with both baselines), 6 faces, seed 17, logits, up to 350 faces for class means. */
        public static Config defaults() {
            return new Config("vanilla,smoothgrad,ig,gradcam,occlusion", 6, 17L, GradientModel.Score.LOGIT, 350);
        }

        public Config withMethods(String m) { return new Config(m, sampleSize, seed, score, classMeanLimit); }
        public Config withSampleSize(int n) { return new Config(methods, n, seed, score, classMeanLimit); }
        public Config withSeed(long s) { return new Config(methods, sampleSize, s, score, classMeanLimit); }
        public Config withScore(GradientModel.Score s) { return new Config(methods, sampleSize, seed, s, classMeanLimit); }
        public Config withClassMeanLimit(int n) { return new Config(methods, sampleSize, seed, score, n); }
    }

    /** Faces to explain: NCHW at the model's input, true labels (-1 when unknown), where each came from. */
    public record Faces(INDArray images, int[] trueLabels, String[] sources) {
        public int size() {
            return trueLabels.length;
        }

        /** Face i's first channel stretched to [0, 1], for drawing (inputs may be mean-subtracted). */
        public float[] gray(int i) {
            float[] g = images.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.point(0))
                    .castTo(DataType.FLOAT).dup('c').data().asFloat();
            float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
            for (float v : g) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            for (int p = 0; p < g.length; p++) g[p] = hi > lo ? (g[p] - lo) / (hi - lo) : 0f;
            return g;
        }
    }

    /** The maps of a set of faces: per method id, [n, h, w], for each face's predicted class. */
    public record Explained(Faces faces, int[] predicted, double[] confidence, Map<String, INDArray> maps,
                            Map<String, String> titles, Map<String, Double> seconds) {}

    private final String modelName;
    private final ComputationGraph net;
    private final GradientModel model;
    private final List<String> classes;
    private final String datasetName;
    private final Config config;
    private final List<SaliencyMethod> methods;
    private double[] meanPixel;   // per channel, 0-255 units; null: none
    private double inputScale = 1;

    /** A study of {@code net} whose input is {@code shape} and whose outputs are {@code classes}. */
    public SaliencyStudy(String modelName, ComputationGraph net, InputShape shape, List<String> classes, String datasetName, Config config) {
        this.modelName = modelName;
        this.net = net;
        this.model = GradientModel.of(net, shape, config.score());
        if (model.numClasses() != classes.size()) {
            throw new IllegalArgumentException(modelName + ": the network has " + model.numClasses() + " outputs but "
                    + classes.size() + " class names " + classes);
        }
        this.classes = List.copyOf(classes);
        this.datasetName = datasetName;
        this.config = config;
        this.methods = Methods.parse(config.methods(), Math.min(shape.height(), shape.width()), config.seed());
    }

    /** A study of a saved model: input from its manifest ({@code model.input}), class names from {@code classes}. */
    public static SaliencyStudy of(StudyModels.Saved saved, Config config) {
        SaliencyStudy s = new SaliencyStudy(saved.name(), saved.net(), inputOf(saved), classesOf(saved.manifest()), saved.datasetName(), config);
        // imported models (face-api) name their own input normalisation: (pixel - mean) * scale
        if (saved.manifest().get("input_preprocessing") instanceof Map<?, ?> pre && pre.get("mean_rgb") instanceof List<?> mean) {
            s.meanPixel = mean.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
            s.inputScale = pre.get("scale") instanceof Number n ? n.doubleValue() : 1.0;
        }
        return s;
    }

    /** Applies the model's own input normalisation to faces rescaled to [0, 1] (none for the study's models). */
    public Faces prepared(Faces f) {
        if (meanPixel == null) return f;
        INDArray x = f.images().mul(255.0);
        for (int c = 0; c < x.size(1); c++) {
            x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(c))
                    .subi(meanPixel[Math.min(c, meanPixel.length - 1)]);
        }
        return new Faces(x.muli(inputScale), f.trueLabels(), f.sources());
    }

    /** The input a saved model takes: its manifest's {@code model.input}, checked against the network. */
    public static InputShape inputOf(StudyModels.Saved saved) {
        InputShape shape = InputShape.fromManifest(saved.manifest());
        if (shape == null) {
            throw new IllegalArgumentException(saved.zip() + ": its manifest " + saved.name() + ".json names no model.input "
                    + "(e.g. \"48x48x3\"); DL4J M2.1 does not store a graph's input size");
        }
        try {
            GradientModel.of(saved.net(), shape, GradientModel.Score.LOGIT).scores(Nd4j.zeros(DataType.FLOAT, 1, shape.channels(), shape.height(), shape.width()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(saved.zip() + ": the network does not take the " + shape + " input its manifest names: " + e.getMessage(), e);
        }
        return shape;
    }

    @SuppressWarnings("unchecked")
    private static List<String> classesOf(Map<String, Object> manifest) {
        Object c = manifest.get("classes");
        if (c instanceof List<?> l && !l.isEmpty()) return l.stream().map(o -> o.toString().toLowerCase()).toList();
        return Emotion.FER2013.stream().map(Emotion::id).toList();
    }

    public GradientModel model() { return model; }
    public List<SaliencyMethod> methods() { return methods; }
    public List<String> classes() { return classes; }
    public String modelName() { return modelName; }
    public String datasetName() { return datasetName; }

    /** A seeded random sample of {@code config.sampleSize()} faces of {@code images}. */
    public Faces sample(InMemoryImages images) {
        return faces(images, sampleIndices(images.size(), Math.min(config.sampleSize(), images.size()), config.seed()));
    }

    /** Faces {@code idx} of {@code images}, prepared as the model's evaluation batches are (rescaled, resized, channels). */
    public Faces faces(InMemoryImages images, int[] idx) {
        InMemoryImages sub = images.subset(idx);
        InputShape s = model.inputShape();
        if (s.height() != s.width()) throw new IllegalArgumentException("dataset faces are square; the model takes " + s);
        try (FerBatches b = FerBatches.evaluation(sub).batchSize(idx.length).channels(s.channels()).side(s.height())
                .prefetchThreads(0).build()) {
            INDArray x = b.next().getFeatures().dup();
            int[] labels = new int[idx.length];
            String[] src = new String[idx.length];
            for (int i = 0; i < idx.length; i++) {
                labels[i] = sub.label(i);
                src[i] = sub.source(i);
            }
            return prepared(new Faces(x, labels, src));
        }
    }

    /** Explains every face's predicted class with every method, reporting each method's time to {@code log}. */
    public Explained explain(Faces faces, Progress progress) {
        INDArray probs = probabilities(faces.images());
        int n = faces.size();
        int[] pred = new int[n];
        double[] conf = new double[n];
        for (int i = 0; i < n; i++) {
            pred[i] = probs.getRow(i).argMax().getInt(0);
            conf[i] = probs.getDouble(i, pred[i]);
        }
        Map<String, INDArray> maps = new LinkedHashMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (SaliencyMethod m : methods) {
            long t0 = System.nanoTime();
            maps.put(m.id(), m.maps(model, faces.images(), pred));
            double s = (System.nanoTime() - t0) / 1e9;
            titles.put(m.id(), m.title());
            seconds.put(m.id(), s);
            progress.log(String.format("%-10s %d faces in %.1f s", m.id(), n, s));
        }
        return new Explained(faces, pred, conf, maps, titles, seconds);
    }

    /** Softmax probabilities of a batch (whatever score the gradient copy differentiates). */
    public INDArray probabilities(INDArray images) {
        INDArray s = model.scores(images);
        return model.score() == GradientModel.Score.LOGIT ? Transforms.softmax(s) : s;
    }

    /** Figure 17: faces in columns (prediction and truth above, green when right), methods in rows. */
    public BufferedImage figure(Explained e) {
        InputShape s = model.inputShape();
        SaliencyGrid grid = new SaliencyGrid(s.height(), s.width(), zoom());
        for (int i = 0; i < e.faces().size(); i++) {
            int t = e.faces().trueLabels()[i];
            boolean known = t >= 0;
            boolean right = known && t == e.predicted()[i];
            String mark = !known ? "" : right ? " ✓" : " ✗";
            Color c = !known ? Color.BLACK : right ? new Color(0, 130, 0) : new Color(200, 0, 0);
            grid.column(new SaliencyGrid.Header(String.format("pred %s %.0f%%%s", classes.get(e.predicted()[i]), 100 * e.confidence()[i], mark),
                    known ? "true " + classes.get(t) : "true ?", c), e.faces().gray(i));
        }
        for (String id : e.maps().keySet()) grid.row(e.titles().get(id), rows(e.maps().get(id)));
        return grid.note("Maps for the predicted class (" + scoreName() + "), each scaled to its own 99th percentile; "
                + "✓ right, ✗ wrong. Model " + modelName + ".").render();
    }

    /** One face explained for every class: what in it speaks for "happy", for "sad", ... (methods in rows). */
    public BufferedImage perClassFigure(Faces faces, int i, Progress progress) {
        int k = classes.size();
        INDArray x = Tensors.repeat(Tensors.one(faces.images(), i), k);
        int[] targets = new int[k];
        for (int c = 0; c < k; c++) targets[c] = c;
        INDArray probs = probabilities(Tensors.one(faces.images(), i));
        InputShape s = model.inputShape();
        SaliencyGrid grid = new SaliencyGrid(s.height(), s.width(), zoom());
        float[] face = faces.gray(i);
        int t = faces.trueLabels()[i];
        int best = probs.argMax(1).getInt(0);
        for (int c = 0; c < k; c++) {
            Color col = c == t ? new Color(0, 130, 0) : Color.BLACK;
            grid.column(new SaliencyGrid.Header(String.format("%s %.0f%%", classes.get(c), 100 * probs.getDouble(0, c)),
                    (c == t ? "true" : "") + (c == best ? (c == t ? ", " : "") + "predicted" : ""), col), face);
        }
        for (SaliencyMethod m : methods) {
            long t0 = System.nanoTime();
            INDArray maps = m instanceof Occlusion o
                    ? Transforms.relu(o.sensitivity(model, Tensors.one(faces.images(), i)), false)
                    : m.maps(model, x, targets);
            progress.log(String.format("%-10s %d classes in %.1f s", m.id(), k, (System.nanoTime() - t0) / 1e9));
            grid.row(m.title(), rows(maps));
        }
        return grid.note("One face, every class score (" + scoreName() + "); green: the true class. Model " + modelName + ".").render();
    }

    /**
     * Mean vanilla-gradient and Grad-CAM maps per true class over (a seeded subset of) {@code images}, both from
     * one backward pass per batch; each map is scaled to sum 1 before averaging so every face counts the same.
     */
    public ClassMeans classMeans(InMemoryImages images, Progress progress) {
        int n = Math.min(images.size(), config.classMeanLimit());
        int[] idx = sampleIndices(images.size(), n, config.seed() + 1);
        InputShape s = model.inputShape();
        int k = classes.size(), plane = s.plane();
        double[][] vanilla = new double[k][plane], cam = new double[k][plane], face = new double[k][plane];
        int[] count = new int[k];
        String layer = model.lastConvVertex();
        Progress.Meter meter = progress.meter("class means", "faces");
        for (int from = 0; from < n; from += Tensors.MAX_BATCH) {
            int[] part = java.util.Arrays.copyOfRange(idx, from, Math.min(n, from + Tensors.MAX_BATCH));
            Faces f = faces(images, part);
            GradientModel.Backward b = model.backward(f.images(), Tensors.oneHot(f.trueLabels(), k), layer);
            INDArray v = Tensors.maxAbsOverChannels(b.inputGradient());
            INDArray g = GradCam.fromActivations(model, layer, b.activations().get(layer), b.gradients().get(layer), s.height(), s.width());
            for (int j = 0; j < part.length; j++) {
                int c = f.trueLabels()[j];
                count[c]++;
                addNormalised(vanilla[c], v.slice(j));
                addNormalised(cam[c], g.slice(j));
                float[] gray = f.gray(j);
                for (int p = 0; p < plane; p++) face[c][p] += gray[p];
            }
            meter.update(Math.min(n, from + Tensors.MAX_BATCH), n);
        }
        for (int c = 0; c < k; c++) {
            for (int p = 0; p < plane; p++) {
                double d = Math.max(1, count[c]);
                vanilla[c][p] /= d;
                cam[c][p] /= d;
                face[c][p] /= d;
            }
        }
        return new ClassMeans(classes, s.height(), s.width(), count, toFloat(face), toFloat(vanilla), toFloat(cam), layer);
    }

    /** The per-class mean maps as a figure: mean face, mean vanilla gradient, mean Grad-CAM, per class. */
    public BufferedImage classMeanFigure(ClassMeans m) {
        SaliencyGrid grid = new SaliencyGrid(m.height(), m.width(), zoom());
        for (int c = 0; c < m.classes().size(); c++) {
            grid.column(new SaliencyGrid.Header(m.classes().get(c), "n = " + m.counts()[c], Color.BLACK), m.meanFaces()[c]);
        }
        grid.row("mean vanilla gradient", List.of(m.vanilla()));
        grid.row("mean Grad-CAM (" + m.layer() + ")", List.of(m.gradCam()));
        return grid.note("Mean over test faces of each true class of maps for that class, each map scaled to sum 1. Model "
                + modelName + ".").render();
    }

    /**
     * Model-randomisation check (Adebayo et al. 2018): the same faces' vanilla and Grad-CAM maps from this model
     * and from the same architecture re-initialised; Spearman's rho per face, averaged. Near 1 would mean the
     * maps show the input, not what the model learned.
     */
    public Randomisation randomisation(Faces faces, int[] targets) {
        ComputationGraph random = new ComputationGraph(net.getConfiguration().clone());
        random.init();
        GradientModel r = GradientModel.of(random, model.inputShape(), config.score());
        double v = meanSpearman(new VanillaGradient().maps(model, faces.images(), targets), new VanillaGradient().maps(r, faces.images(), targets));
        double g = meanSpearman(GradCam.lastConv().maps(model, faces.images(), targets), GradCam.lastConv().maps(r, faces.images(), targets));
        return new Randomisation(v, g, faces.size());
    }

    /** Mean Spearman rho of trained vs re-initialised maps over {@code faces} faces. */
    public record Randomisation(double vanillaSpearman, double gradCamSpearman, int faces) {}

    /** Mean over images of Spearman's rho between two [n, h, w] map sets. */
    public static double meanSpearman(INDArray a, INDArray b) {
        double sum = 0;
        for (int i = 0; i < a.size(0); i++) {
            sum += RankCorrelation.spearman(a.slice(i).castTo(DataType.FLOAT).dup('c').data().asFloat(),
                    b.slice(i).castTo(DataType.FLOAT).dup('c').data().asFloat());
        }
        return sum / a.size(0);
    }

    /**
     * Writes each method's maps as {@code METHOD.npy} ([n, h, w], float32), the faces as {@code faces.npy}, and
     * {@code faces.csv} (index, source, true, predicted, confidence) under {@code dir}; returns {@code dir}.
     */
    public Path saveArrays(Explained e, Path dir) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, INDArray> m : e.maps().entrySet()) {
                Nd4j.writeAsNumpy(m.getValue().castTo(DataType.FLOAT), dir.resolve(m.getKey() + ".npy").toFile());
            }
            Nd4j.writeAsNumpy(e.faces().images().castTo(DataType.FLOAT), dir.resolve("faces.npy").toFile());
            List<String> lines = new ArrayList<>();
            lines.add("index,source,true,predicted,confidence");
            for (int i = 0; i < e.faces().size(); i++) {
                int t = e.faces().trueLabels()[i];
                lines.add(i + "," + csv(e.faces().sources()[i]) + "," + (t < 0 ? "" : classes.get(t)) + ","
                        + classes.get(e.predicted()[i]) + "," + String.format(java.util.Locale.ROOT, "%.4f", e.confidence()[i]));
            }
            Files.write(dir.resolve("faces.csv"), lines);
            return dir;
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot write saliency arrays under " + dir, ex);
        }
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private String scoreName() {
        return model.score() == GradientModel.Score.LOGIT ? "pre-softmax logit" : "softmax probability";
    }

    private int zoom() {
        return Math.max(1, 144 / model.inputShape().height());
    }

    private static List<float[]> rows(INDArray maps) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < maps.size(0); i++) out.add(maps.slice(i).castTo(DataType.FLOAT).dup('c').data().asFloat());
        return out;
    }

    private static void addNormalised(double[] acc, INDArray map) {
        float[] v = map.castTo(DataType.FLOAT).dup('c').data().asFloat();
        double sum = 0;
        for (float f : v) sum += Math.max(0, f);
        if (sum <= 0) return;
        for (int p = 0; p < v.length; p++) acc[p] += Math.max(0, v[p]) / sum;
    }

    private static float[][] toFloat(double[][] a) {
        float[][] out = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new float[a[i].length];
            for (int j = 0; j < a[i].length; j++) out[i][j] = (float) a[i][j];
        }
        return out;
    }

    static int[] sampleIndices(int size, int n, long seed) {
        int[] all = new int[size];
        for (int i = 0; i < size; i++) all[i] = i;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + r.nextInt(size - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, n);
    }
}
