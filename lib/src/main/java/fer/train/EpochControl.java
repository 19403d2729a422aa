package fer.train;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link TrainingCallback} may do at the end of an epoch: set the learning rate for the next one, stop training,
 * keep the current weights as the best (to restore at the end), and say what it did.
 */
public final class EpochControl {
    private double learningRate;
    private String stopReason;
    private boolean keepBest;
    private boolean restoreBestAtEnd;
    private final List<String> notes = new ArrayList<>();

    EpochControl(double learningRate) {
        this.learningRate = learningRate;
    }

    public double learningRate() {
        return learningRate;
    }

    /** The rate for the following epochs; {@code note} is shown on the epoch's line. */
    public void setLearningRate(double lr, String note) {
        learningRate = lr;
        note(note);
    }

    /** Ends training after this epoch. */
    public void stop(String reason) {
        stopReason = reason;
        note(reason);
    }

    /** These weights are the best so far; with {@code restoreAtEnd}, training ends on them whatever comes later. */
    public void keepAsBest(boolean restoreAtEnd) {
        keepBest = true;
        restoreBestAtEnd |= restoreAtEnd;
    }

    public void note(String text) {
        if (text != null && !text.isBlank()) notes.add(text);
    }

    boolean stopped() {
        return stopReason != null;
    }

    boolean keepBest() {
        return keepBest;
    }

    boolean restoreBestAtEnd() {
        return restoreBestAtEnd;
    }

    String notes() {
        return String.join("; ", notes);
    }
}
