package fer.train;

import fer.model.Optimizer;

/**
 * How to train: optimiser and learning rate, batch size, epochs and the Keras-style callbacks.
 * {@link #paper()} holds the report's tuned values (Table 2: SGD, lr 1e-4, batch 256, up to 50 epochs
 * with early stopping); every field can be varied by tuning.
 *
 * @param reduceLr   null to keep the learning rate fixed
 * @param earlyStopping null to always run all epochs
 * @param seed       for everything the loop itself randomises (the iterators take their own seeds)
 */
public record TrainConfig(Optimizer optimizer, int batchSize, int epochs,
                          ReduceLrOnPlateau.Config reduceLr, EarlyStopping.Config earlyStopping, long seed) {
    public TrainConfig {
        if (optimizer == null) throw new IllegalArgumentException("optimizer must be set");
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }

    /**
     * The report's settings: SGD lr 1e-4 and batch 256 (Table 2), 50 epochs, ReduceLROnPlateau and
     * EarlyStopping on val_loss. The report gives no callback arguments; factor 0.2, patience 3,
     * min_lr 1e-7 and early-stopping patience 8 with best-weight restore are this project's choices.
     */
    public static TrainConfig paper() {
        return new TrainConfig(Optimizer.sgd(1e-4), 256, 50,
                new ReduceLrOnPlateau.Config(Monitor.VAL_LOSS, 0.2, 3, 1e-4, 0, 1e-7),
                new EarlyStopping.Config(Monitor.VAL_LOSS, 8, 1e-4, true), 42L);
    }

    /**
     * The schedule this config asks for, as callbacks in Keras' order: EarlyStopping, then ReduceLROnPlateau (each only
     * when configured). Fresh objects every call: they carry the run's state.
     */
    public java.util.List<TrainingCallback> callbacks() {
        java.util.List<TrainingCallback> list = new java.util.ArrayList<>();
        if (earlyStopping != null) list.add(new EarlyStopping(earlyStopping));
        if (reduceLr != null) list.add(new ReduceLrOnPlateau(reduceLr));
        return list;
    }

    public TrainConfig withOptimizer(Optimizer o) {
        return new TrainConfig(o, batchSize, epochs, reduceLr, earlyStopping, seed);
    }

    public TrainConfig withBatchSize(int b) {
        return new TrainConfig(optimizer, b, epochs, reduceLr, earlyStopping, seed);
    }

    public TrainConfig withEpochs(int e) {
        return new TrainConfig(optimizer, batchSize, e, reduceLr, earlyStopping, seed);
    }

    public TrainConfig withReduceLr(ReduceLrOnPlateau.Config r) {
        return new TrainConfig(optimizer, batchSize, epochs, r, earlyStopping, seed);
    }

    public TrainConfig withEarlyStopping(EarlyStopping.Config e) {
        return new TrainConfig(optimizer, batchSize, epochs, reduceLr, e, seed);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(optimizer, batchSize, epochs, reduceLr, earlyStopping, s);
    }
}
