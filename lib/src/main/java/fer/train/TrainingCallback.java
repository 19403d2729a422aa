package fer.train;

import java.util.Properties;

/**
 * Something that takes part in training, as Keras' {@code callbacks=[...]} and DJL's {@code TrainingListener} do: the
 * learning-rate schedule ({@link ReduceLrOnPlateau}), {@link EarlyStopping}, the progress line ({@link ProgressLogger}),
 * a live chart. The caller passes the list to {@link Trainer#fit}; every method has a do-nothing default.
 *
 * <p>A callback with state that must survive a crash saves it with each checkpoint ({@link #saveState}) and gets it
 * back on resume ({@link #restoreState}), under keys of its own.
 */
public interface TrainingCallback {
    /** Before the first epoch of this process: {@code epochs} planned, and a line saying "training …" or "resumed …". */
    default void onTrainBegin(int epochs, String note) {}

    /** After each batch: the running loss and accuracy of the epoch, speed and time left. */
    default void onBatchEnd(Batch b) {}

    /** After validation: may change the learning rate, stop training or keep these weights as the best. */
    default void onEpochEnd(EpochMetrics m, EpochControl control) {}

    /** After every callback acted and the checkpoint is written: {@code notes} says what they did ("" if nothing). */
    default void onEpochDone(EpochMetrics m, String notes) {}

    /** When training is over, with what it produced. */
    default void onTrainEnd(Trainer.Result result) {}

    default void saveState(Properties p) {}

    default void restoreState(Properties p) {}

    /** One finished batch as a callback sees it. */
    record Batch(int epoch, int epochs, int batch, int batches, double loss, double accuracy, double imagesPerSecond,
                 double etaSeconds) {}
}
