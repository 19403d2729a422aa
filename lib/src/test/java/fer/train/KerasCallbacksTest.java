package fer.train;

import static org.junit.jupiter.api.Assertions.*;

import fer.PeerOracle;
import fer.model.Models;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The paper profile's callbacks and loss against Keras' own: {@code keras.callbacks.ReduceLROnPlateau} and
 * {@code EarlyStopping} are fed the same recorded metric sequences as {@link ReduceLrOnPlateau} and
 * {@link EarlyStopping} (wired as {@link Trainer#fit} wires them: the rate for the next epoch, then the stop test,
 * then at the end the best epoch's weights when asked); the learning rate after every epoch, the epoch training stops
 * after and the epoch whose weights it ends with must be Keras'. Cases cover {@code min_delta} (improvements smaller
 * than it do not count), {@code cooldown}, {@code min_lr} reached, patience 0, accuracy monitored (max mode) and the
 * paper profile's own settings on a noisy curve. Then the cross-entropy of confident mistakes (logit gaps 3 to 80):
 * Keras computes it from the logits; the project's training loss and validation loss must give the same values.
 */
class KerasCallbacksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final double[] GAPS = {3, 20, 50, 80};

    @Test
    void reduceLrEarlyStoppingAndTheLossAreKeras(@TempDir Path dir) throws IOException {
        List<Map<String, Object>> cases = cases();
        Map<String, Object> losses = losses();
        Path in = dir.resolve("cases.json"), out = dir.resolve("keras.json");
        JSON.writeValue(in.toFile(), Map.of("callbacks", cases, "losses", losses));
        PeerOracle.run("keras_oracle.py", 120, "callbacks", "--cases", in.toString(), "--out", out.toString());
        JsonNode keras = JSON.readTree(out.toFile());

        for (int c = 0; c < cases.size(); c++) {
            Map<String, Object> cs = cases.get(c);
            JsonNode k = keras.path("callbacks").get(c);
            Run ours = run(cs);
            String what = "case " + cs.get("name");
            assertEquals(k.path("lrs").size(), ours.lrs().size(), what + ": epochs run (stopped after epoch " + ours.stoppedEpoch() + ")");
            for (int e = 0; e < ours.lrs().size(); e++) {
                double kl = k.path("lrs").get(e).asDouble();
                // Keras keeps the rate in a float32 variable
                assertEquals(kl, ours.lrs().get(e), 1e-6 * kl, what + ": learning rate after epoch " + e);
            }
            assertEquals(k.path("stopped_epoch").isNull() ? null : k.path("stopped_epoch").asInt(), ours.stoppedEpoch(), what + ": stopped after epoch");
            assertEquals(k.path("weights_epoch").asInt(), ours.weightsEpoch(), what + ": weights of epoch");
            System.out.printf("%s: %d epochs, %d rate reductions, stopped %s, weights of epoch %d: as Keras%n", what, ours.lrs().size(),
                    ours.lrs().stream().distinct().count() - 1, ours.stoppedEpoch() == null ? "no" : "after " + ours.stoppedEpoch(), ours.weightsEpoch());
        }

        ComputationGraph net = softmaxLayer(losses);
        INDArray x = Nd4j.create((double[][]) losses.get("x")).castTo(DataType.FLOAT), y = Nd4j.create((double[][]) losses.get("y")).castTo(DataType.FLOAT);
        for (int i = 0; i < GAPS.length; i++) {
            double kv = keras.path("per_example").get(i).asDouble();
            DataSet one = new DataSet(x.getRow(i, true), y.getRow(i, true));
            double val = Trainer.evaluate(net, new ListDataSetIterator<>(List.of(one), 1))[0];
            double train = net.score(one, true);
            System.out.printf("logit gap %.0f: Keras %.4f, validation loss %.4f, training loss %.4f (DL4J's default clipping: %.4f)%n",
                    GAPS[i], kv, val, train, Math.min(kv, -Math.log(1e-10)));
            assertEquals(kv, val, 1e-4 * kv, "validation loss at logit gap " + GAPS[i]);
            assertEquals(kv, train, 1e-4 * kv, "training loss at logit gap " + GAPS[i]);
        }
        assertEquals(keras.path("train_loss").asDouble(), net.score(new DataSet(x, y), true), 1e-4 * keras.path("train_loss").asDouble(), "batch mean");
    }

    record Run(List<Double> lrs, Integer stoppedEpoch, int weightsEpoch) {}

    /** The project's callbacks over a case's values, as Trainer.fit uses them (epochs 0-based like Keras'). */
    static Run run(Map<String, Object> cs) {
        Monitor monitor = Monitor.parse((String) cs.get("monitor"));
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) cs.get("reduce_lr"), e = (Map<String, Object>) cs.get("early_stopping");
        ReduceLrOnPlateau reduce = new ReduceLrOnPlateau(new ReduceLrOnPlateau.Config(monitor, num(r, "factor"), (int) num(r, "patience"),
                num(r, "min_delta"), (int) num(r, "cooldown"), num(r, "min_lr")));
        boolean restore = (Boolean) e.get("restore_best_weights");
        EarlyStopping early = new EarlyStopping(new EarlyStopping.Config(monitor, (int) num(e, "patience"), num(e, "min_delta"), restore));
        double lr = (Double) cs.get("lr");
        List<Double> lrs = new ArrayList<>();
        Integer stopped = null;
        int last = 0;
        @SuppressWarnings("unchecked")
        List<Double> values = (List<Double>) cs.get("values");
        for (int epoch = 1; epoch <= values.size(); epoch++) {
            double v = values.get(epoch - 1);
            EpochMetrics m = monitor == Monitor.VAL_LOSS ? new EpochMetrics(epoch, 1, 0.5, v, 0.5, lr, 1)
                    : new EpochMetrics(epoch, 1, 0.5, 1, v, lr, 1);
            lr = reduce.nextLearningRate(m, lr);
            early.record(m);
            lrs.add(lr);
            last = epoch;
            if (early.shouldStop()) {
                stopped = epoch - 1;
                break;
            }
        }
        int weights = restore && early.bestEpoch() > 0 ? early.bestEpoch() : last;
        return new Run(lrs, stopped, weights - 1);
    }

    private static double num(Map<String, Object> m, String k) {
        return ((Number) m.get(k)).doubleValue();
    }

    static List<Map<String, Object>> cases() {
        List<Map<String, Object>> out = new ArrayList<>();
        // the paper profile (TrainConfig.paper) on a noisy, flattening validation loss
        Random rnd = new Random(3);
        List<Double> noisy = new ArrayList<>();
        for (int t = 0; t < 40; t++) noisy.add(1.2 * Math.exp(-t / 6.0) + 0.6 + 0.02 * rnd.nextGaussian());
        TrainConfig paper = TrainConfig.paper();
        out.add(make("paper", "val_loss", paper.optimizer().learningRate(), rl(paper.reduceLr().factor(), paper.reduceLr().patience(),
                paper.reduceLr().minDelta(), paper.reduceLr().cooldown(), paper.reduceLr().minLr()),
                es(paper.earlyStopping().patience(), paper.earlyStopping().minDelta(), paper.earlyStopping().restoreBestWeights()), noisy));
        // improvements below min_delta do not count; cooldown; the rate floor reached and held
        List<Double> slow = new ArrayList<>();
        double v = 1.0;
        for (int t = 0; t < 30; t++) slow.add(v -= (t % 7 == 0 ? 0.05 : 0.004));
        out.add(make("min-delta-cooldown-floor", "val_loss", 0.01, rl(0.5, 1, 0.01, 2, 0.0026), es(6, 0.01, true), slow));
        // accuracy: higher is better; equal values are no improvement
        out.add(make("accuracy", "val_accuracy", 1e-3, rl(0.1, 2, 0.0, 1, 0.0), es(3, 0.005, false),
                List.of(0.3, 0.4, 0.4, 0.45, 0.452, 0.452, 0.46, 0.46, 0.46, 0.461, 0.45, 0.44)));
        // patience 0: stop at the first epoch without improvement
        out.add(make("patience-0", "val_loss", 1e-3, rl(0.5, 0, 0.0, 0, 0.0), es(0, 0.0, true), List.of(1.0, 0.9, 0.95, 0.8)));
        return out;
    }

    private static Map<String, Object> make(String name, String monitor, double lr, Map<String, Object> rl, Map<String, Object> es, List<Double> values) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("monitor", monitor);
        m.put("lr", lr);
        m.put("reduce_lr", rl);
        m.put("early_stopping", es);
        m.put("values", values);
        return m;
    }

    private static Map<String, Object> rl(double factor, int patience, double minDelta, int cooldown, double minLr) {
        return Map.of("factor", factor, "patience", patience, "min_delta", minDelta, "cooldown", cooldown, "min_lr", minLr);
    }

    private static Map<String, Object> es(int patience, double minDelta, boolean restore) {
        return Map.of("patience", patience, "min_delta", minDelta, "restore_best_weights", restore);
    }

    /** One-hot inputs into a 7-way softmax whose logits put the true class (0) {@link #GAPS} below class 1. */
    static Map<String, Object> losses() {
        int n = GAPS.length;
        double[][] x = new double[n][n], y = new double[n][7], kernel = new double[n][7];
        for (int i = 0; i < n; i++) {
            x[i][i] = 1;
            y[i][0] = 1;
            kernel[i][1] = GAPS[i];
            kernel[i][2] = 0.5; // not only two classes in play
        }
        return Map.of("x", x, "y", y, "kernel", kernel, "bias", new double[7]);
    }

    /** The same softmax layer in DL4J, with the loss every model of the project uses ({@link Models#crossEntropy}). */
    static ComputationGraph softmaxLayer(Map<String, Object> losses) {
        double[][] kernel = (double[][]) losses.get("kernel");
        var conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).updater(new Sgd(0)).graphBuilder().addInputs("in")
                .addLayer("out", new OutputLayer.Builder(Models.crossEntropy(null)).nIn(kernel.length).nOut(7).activation(Activation.SOFTMAX).build(), "in")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        net.getLayer("out").getParam("W").assign(Nd4j.create(kernel).castTo(DataType.FLOAT));
        net.getLayer("out").getParam("b").assign(0);
        return net;
    }
}
