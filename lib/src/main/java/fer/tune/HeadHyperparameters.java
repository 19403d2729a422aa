package fer.tune;

import static fer.tune.SearchSpace.*;

import fer.model.ModelSpec;
import fer.model.Optimizer;
import fer.train.TrainConfig;
import fer.train.TrainingPlan;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * One configuration of Table 2's space in the terms the model and the training loop use: the dense
 * head (units, drop rates, activation) and optimiser, learning rate and batch size.
 *
 * @param units    units of each dense layer (2 or 3 layers)
 * @param dropouts Keras-style drop rate after each dense layer
 */
public record HeadHyperparameters(int[] units, double[] dropouts, String activation, Optimizer optimizer, int batchSize) {
    public HeadHyperparameters {
        if (units.length != dropouts.length || units.length < 1) {
            throw new IllegalArgumentException("one dropout per dense layer: " + units.length + " layers, " + dropouts.length + " dropouts");
        }
        units = units.clone();
        dropouts = dropouts.clone();
    }

    /** Reads a configuration sampled from {@link SearchSpace#table2()} (or read from best.json). */
    public static HeadHyperparameters from(Map<String, Object> config) {
        int layers = ((Number) get(config, LAYERS)).intValue();
        int[] units = new int[layers];
        double[] drops = new double[layers];
        for (int k = 1; k <= layers; k++) {
            units[k - 1] = ((Number) get(config, SearchSpace.units(k))).intValue();
            drops[k - 1] = ((Number) get(config, SearchSpace.dropout(k))).doubleValue();
        }
        double lr = ((Number) get(config, LEARNING_RATE)).doubleValue();
        Optimizer opt = new Optimizer(Optimizer.parseKind(get(config, OPTIMIZER).toString()), lr, 0, false);
        return new HeadHyperparameters(units, drops, get(config, ACTIVATION).toString().toLowerCase(Locale.ROOT), opt,
                ((Number) get(config, BATCH_SIZE)).intValue());
    }

    private static Object get(Map<String, Object> config, String name) {
        Object v = config.get(name);
        if (v == null) throw new IllegalArgumentException("configuration lacks " + name + ": " + config);
        return v;
    }

    @Override
    public int[] units() {
        return units.clone();
    }

    @Override
    public double[] dropouts() {
        return dropouts.clone();
    }

    /** The custom model's spec with this head (ModelSpec's dense1/2, dense3, dropouts and activation). */
    public ModelSpec applyTo(ModelSpec spec) {
        ModelSpec s = spec.withDense(units[0], units.length > 1 ? units[1] : spec.dense2())
                .withDropout(dropouts[0], dropouts.length > 1 ? dropouts[1] : spec.dropout2())
                .withDense3(units.length > 2 ? units[2] : 0, dropouts.length > 2 ? dropouts[2] : 0)
                .withDenseActivation(activation);
        return s;
    }

    /** The training config with this optimiser, learning rate and batch size. */
    public TrainConfig applyTo(TrainConfig train) {
        return train.withOptimizer(optimizer).withBatchSize(batchSize);
    }

    /** A training plan (model and training config) with these hyperparameters. */
    public TrainingPlan applyTo(TrainingPlan plan) {
        return plan.withModel(applyTo(plan.model())).withTrain(applyTo(plan.train()));
    }

    /** "Dense 1024-512 relu, dropout 0.4/0.3, sgd lr 1e-4, batch 256". */
    @Override
    public String toString() {
        StringBuilder u = new StringBuilder();
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < units.length; i++) {
            u.append(i > 0 ? "-" : "").append(units[i]);
            d.append(i > 0 ? "/" : "").append(Param.format(dropouts[i]));
        }
        return "Dense " + u + " " + activation + ", dropout " + d + ", " + optimizer.kind().name().toLowerCase(Locale.ROOT)
                + " lr " + Param.format(optimizer.learningRate()) + ", batch " + batchSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeadHyperparameters h && Arrays.equals(units, h.units) && Arrays.equals(dropouts, h.dropouts)
                && activation.equals(h.activation) && optimizer.equals(h.optimizer) && batchSize == h.batchSize;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(units) * 31 + Arrays.hashCode(dropouts) + activation.hashCode() + optimizer.hashCode() + batchSize;
    }
}
