package fer.augment;

/**
 * How training counters FER-2013's class imbalance (Happy 7,215 vs Disgust 436 training images).
 */
public enum Balancing {
    /** Every image once per epoch, as the report's Keras {@code flow_from_directory}. */
    NONE,
    /**
     * Random oversampling: each epoch draws every class up to the largest class's count (whole copies plus
     * a random remainder); repeated images look different because augmentation is drawn per position.
     */
    OVERSAMPLE,
    /**
     * Every image once per epoch; the loss weights classes by {@link ClassWeights#balanced} instead
     * (hand {@link FerBatches#classWeights()} to {@code LossMCXENT}).
     */
    CLASS_WEIGHTS
}
