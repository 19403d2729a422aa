package fer.model;

import java.util.Locale;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The optimiser of Table 2 ({@code 'Adam'} or {@code 'sgd'}) with its learning rate.
 *
 * @param momentum SGD only; DL4J implements momentum only in its Nesterov form, so a non-zero momentum
 *                 requires {@code nesterov = true} (Keras' classical momentum has no DL4J updater)
 */
public record Optimizer(Kind kind, double learningRate, double momentum, boolean nesterov) {
    /** Which update rule. */
    public enum Kind { ADAM, SGD }

    public Optimizer {
        if (kind == null) throw new IllegalArgumentException("optimizer kind must be adam or sgd");
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        if (momentum < 0 || momentum >= 1) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        if (kind == Kind.SGD && momentum > 0 && !nesterov) {
            throw new IllegalArgumentException("SGD momentum " + momentum
                    + " without Nesterov: DL4J has only Nesterov momentum; set nesterov=true or momentum=0");
        }
    }

    /**
     * Keras' Adam epsilon. DL4J's default is 1e-8; both add it to √v in the same place ({@code lr·√(1−β2ᵗ)/(1−β1ᵗ) · m / (√v + ε)}),
     * so the default is the only difference, and it shows: with 1e-8 the custom model's loss left Keras' by 2.8e-4 relative
     * within 5 steps of Adam 1e-3 ({@code KerasTrainingEquivalenceTest}); with 1e-7 it stays within 1e-4 over all of them.
     */
    public static final double KERAS_ADAM_EPSILON = 1e-7;

    /** Adam with Keras' defaults: beta1 0.9, beta2 0.999, epsilon {@value #KERAS_ADAM_EPSILON}. */
    public static Optimizer adam(double learningRate) {
        return new Optimizer(Kind.ADAM, learningRate, 0, false);
    }

    /** Plain SGD, Keras' {@code SGD(learning_rate)}: the paper's tuned choice. */
    public static Optimizer sgd(double learningRate) {
        return new Optimizer(Kind.SGD, learningRate, 0, false);
    }

    /** SGD with Nesterov momentum. */
    public static Optimizer nesterov(double learningRate, double momentum) {
        return new Optimizer(Kind.SGD, learningRate, momentum, true);
    }

    /** Parses {@code adam} or {@code sgd}. */
    public static Kind parseKind(String name) {
        try {
            return Kind.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown optimizer '" + name + "': expected adam or sgd");
        }
    }

    /** This optimiser with another learning rate. */
    public Optimizer withLearningRate(double lr) {
        return new Optimizer(kind, lr, momentum, nesterov);
    }

    /** The DL4J updater. */
    public IUpdater toUpdater() {
        return switch (kind) {
            case ADAM -> new Adam(learningRate, Adam.DEFAULT_ADAM_BETA1_MEAN_DECAY, Adam.DEFAULT_ADAM_BETA2_VAR_DECAY, KERAS_ADAM_EPSILON);
            case SGD -> momentum > 0 ? new Nesterovs(learningRate, momentum) : new Sgd(learningRate);
        };
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + "(lr=" + learningRate
                + (momentum > 0 ? ", momentum=" + momentum + (nesterov ? ", nesterov" : "") : "") + ")";
    }
}
