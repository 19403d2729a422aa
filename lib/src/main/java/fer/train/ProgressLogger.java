package fer.train;

import fer.Progress;
import java.util.Locale;

/**
 * Keras' progress bar as a {@link TrainingCallback}: a live line for the current epoch (batch, loss, accuracy, images/s,
 * ETA) and one line per finished epoch, sent to the {@link Progress} the caller gave (in place in a notebook, on the
 * console from the CLI).
 */
public final class ProgressLogger implements TrainingCallback {
    private final Progress progress;
    private int epochs;

    public ProgressLogger(Progress progress) {
        this.progress = progress;
    }

    @Override
    public void onTrainBegin(int epochs, String note) {
        this.epochs = epochs;
        progress.log(note);
    }

    @Override
    public void onBatchEnd(Batch b) {
        progress.live(String.format(Locale.ROOT, "epoch %d/%d  batch %d/%s  loss %.4f  acc %.4f  %.1f img/s  ETA %s",
                b.epoch(), b.epochs(), b.batch(), b.batches() > 0 ? Integer.toString(b.batches()) : "?", b.loss(), b.accuracy(),
                b.imagesPerSecond(), Progress.clock(b.etaSeconds())));
    }

    @Override
    public void onEpochDone(EpochMetrics m, String notes) {
        progress.log(line(m, epochs, notes));
    }

    @Override
    public void onTrainEnd(Trainer.Result r) {
        if (r.restoredBest()) progress.log("restored the weights of epoch " + r.bestEpoch() + " (the best)");
    }

    /** One finished epoch as Keras prints it. */
    static String line(EpochMetrics m, int epochs, String notes) {
        return String.format(Locale.ROOT, "epoch %d/%d  %.0fs  loss %.4f  accuracy %.4f  val_loss %.4f  val_accuracy %.4f  lr %.3g%s",
                m.epoch(), epochs, m.seconds(), m.loss(), m.accuracy(), m.valLoss(), m.valAccuracy(), m.learningRate(),
                notes == null || notes.isEmpty() ? "" : "  " + notes);
    }
}
