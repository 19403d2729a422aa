package fer.evaluate;

import fer.Progress;
import fer.augment.FerBatches;
import fer.data.Emotion;
import fer.data.InMemoryImages;
import fer.model.InputPreprocessing;
import fer.train.StudyModels;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Runs a trained network over a split in batches (rescaled, un-augmented, as validation batches are
 * during training), optionally over several test-time views of each image, and collects its softmax
 * outputs as {@link Predictions}.
 */
public final class Predictor {
    /** Default batch size: large enough to keep oneDNN busy, small enough for VGG16 on a laptop. */
    public static final int BATCH = 64;

    private Predictor() {}

    /** What the network takes: {@code side×side} images with {@code channels} (1 gray, 3 = gray copied to RGB). */
    public record Input(int side, int channels) {
        public Input {
            if (side < 8 || (channels != 1 && channels != 3)) {
                throw new IllegalArgumentException("model input: expected side ≥ 8 and 1 or 3 channels, found " + side + "x" + side + "x" + channels);
            }
        }

        /** Parses a manifest's {@code "48x48x3"}. */
        public static Input parse(String s) {
            String[] p = s.trim().toLowerCase(java.util.Locale.ROOT).split("x");
            if (p.length != 3 || !p[0].equals(p[1])) {
                throw new IllegalArgumentException("model input '" + s + "': expected SIDExSIDExCHANNELS, e.g. 48x48x3");
            }
            return new Input(Integer.parseInt(p[0]), Integer.parseInt(p[2]));
        }

        /**
         * From a saved model's manifest ({@code model.input}); without a manifest, the channels of the network's
         * first convolution at FER-2013's 48×48 (the side every model of this project is trained at by default).
         */
        public static Input of(Map<String, Object> manifest, ComputationGraph net, String what) {
            if (manifest.get("model") instanceof Map<?, ?> m && m.get("input") != null) {
                Input in = parse(m.get("input").toString());
                fer.model.InputFit.check(net, in.side(), in.channels(), what);
                return in;
            }
            for (var layer : net.getLayers()) {
                if (layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer c) {
                    return new Input(fer.data.ReadOptions.FER_SIDE, (int) c.getNIn());
                }
            }
            throw new IllegalArgumentException(what + ": cannot tell the model's input size: no manifest beside it with"
                    + " \"model.input\" and no convolution in the network");
        }
    }

    /** The predictions of a saved model on one split of its dataset. */
    public static Predictions predict(StudyModels.Saved model, InMemoryImages images, Split split, Tta tta, int batchSize,
                                      Progress.Meter progress) {
        checkClasses(model, images.classes());
        Input input = Input.of(model.manifest(), model.net(), model.zip().toString());
        // an imported model (Keras, face-api) says how it was fed; the project's own models train on gray/255
        InputPreprocessing prep = model.manifest().containsKey(InputPreprocessing.MANIFEST_KEY)
                ? InputPreprocessing.fromManifest(model.manifest()) : null;
        return predict(model.name(), model.net(), input, prep, images, split, tta, batchSize, progress);
    }

    /** The predictions of {@code net} on {@code images}, softmax outputs averaged over the views of {@code tta}. */
    public static Predictions predict(String name, ComputationGraph net, Input input, InMemoryImages images, Split split, Tta tta,
                                      int batchSize, Progress.Meter progress) {
        return predict(name, net, input, null, images, split, tta, batchSize, progress);
    }

    /** As above, each image prepared by {@code prep} (null: the project's rescaled gray, as validation batches are). */
    static Predictions predict(String name, ComputationGraph net, Input input, InputPreprocessing prep, InMemoryImages images,
                               Split split, Tta tta, int batchSize, Progress.Meter progress) {
        int k = images.classes().size();
        List<InMemoryImages> views = tta.views(images);
        float[] sum = new float[images.size() * k];
        long total = (long) images.size() * views.size();
        long[] done = {0};
        for (InMemoryImages view : views) {
            float[] p = probabilities(net, input, prep, view, batchSize, n -> {
                done[0] += n;
                progress.update(done[0], total);
            });
            for (int i = 0; i < sum.length; i++) sum[i] += p[i];
        }
        for (int i = 0; i < sum.length; i++) sum[i] /= views.size();
        return new Predictions(name, split, tta, images, sum);
    }

    /** Softmax outputs of {@code net} for each image, image after image; {@code batchDone} hears each batch's size. */
    static float[] probabilities(ComputationGraph net, Input input, InMemoryImages images, int batchSize,
                                 java.util.function.IntConsumer batchDone) {
        return probabilities(net, input, null, images, batchSize, batchDone);
    }

    static float[] probabilities(ComputationGraph net, Input input, InputPreprocessing prep, InMemoryImages images, int batchSize,
                                 java.util.function.IntConsumer batchDone) {
        int k = images.classes().size();
        float[] out = new float[images.size() * k];
        if (images.size() == 0) return out;
        try (FerBatches batches = FerBatches.evaluation(images).batchSize(batchSize).channels(input.channels())
                .side(input.side()).build()) {
            int at = 0;
            // the same network without DL4J's per-layer overhead, when it is one FrozenInference covers
            fer.engine.FrozenInference frozen = fer.engine.FrozenInference.of(net).model().orElse(null);
            while (batches.hasNext()) {
                DataSet ds = batches.next();
                INDArray x = ds.getFeatures();
                if (prep != null) { // the same images in the same order, prepared as the model's manifest says
                    List<byte[]> faces = new java.util.ArrayList<>();
                    for (int i = at; i < at + x.size(0); i++) faces.add(images.pixels(i));
                    x = prep.toBatchOfGray(faces, images.side());
                }
                INDArray y = frozen != null ? frozen.output(x) : net.output(false, x)[0];
                if (y.rank() != 2 || y.size(1) != k) {
                    throw new IllegalArgumentException("model output: expected [batch, " + k + "] class probabilities for "
                            + images.classes().stream().map(Emotion::id).toList() + ", found " + java.util.Arrays.toString(y.shape()));
                }
                float[][] rows = y.castTo(DataType.FLOAT).toFloatMatrix();
                for (float[] row : rows) {
                    System.arraycopy(row, 0, out, at * k, k);
                    at++;
                }
                batchDone.accept(rows.length);
            }
        }
        return out;
    }

    /**
     * The network's output {@code c} means class {@code c} of its training data; evaluating it on data whose
     * classes are listed differently would name every row wrong. The manifest records the training classes.
     */
    static void checkClasses(StudyModels.Saved model, List<Emotion> classes) {
        Object trained = model.manifest().get("classes");
        if (trained == null) return;
        List<String> names = classes.stream().map(Enum::name).toList();
        if (!trained.toString().equals(names.toString())) {
            throw new IllegalArgumentException(model.zip() + ": the model was trained on classes " + trained
                    + " but the evaluation data has " + names);
        }
    }
}
