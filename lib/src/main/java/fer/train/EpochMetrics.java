package fer.train;

/**
 * One row of the training history, in Keras' terms: training loss and accuracy (averaged over the
 * epoch's batches, dropout on), validation loss and accuracy (end of epoch), and the learning rate used.
 * Serializable: a search's trials run as Spark tasks and send their history back to the driver.
 */
public record EpochMetrics(int epoch, double loss, double accuracy, double valLoss, double valAccuracy,
                           double learningRate, double seconds) implements java.io.Serializable {

    /** The value a callback monitors. */
    public double get(Monitor monitor) {
        return switch (monitor) {
            case LOSS -> loss;
            case ACCURACY -> accuracy;
            case VAL_LOSS -> valLoss;
            case VAL_ACCURACY -> valAccuracy;
        };
    }
}
