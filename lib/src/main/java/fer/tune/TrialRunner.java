package fer.tune;

import fer.train.EpochMetrics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Trains one trial's configuration: the part of a search that knows about models and data. The quick
 * profile trains the head on cached base features ({@link HeadTrials}); the paper profile trains the whole
 * custom model with {@link fer.train.Trainer} ({@link FullModelTrials}).
 */
public interface TrialRunner {
    /** Training images per epoch: the budget unit is images trained = this x epochs. */
    int trainImages();

    /** The dataset trials train on, for figures ("synthetic FER"). */
    String datasetName();

    /** What a trial trains, in a sentence for the notebook and the docs (may say how long preparing it took). */
    String describe();

    /**
     * What defines the trials, compared when a search resumes: the same text for the same trials on any machine, so never
     * a timing or another measurement. Default: {@link #describe()}, for runners whose description holds none.
     */
    default String settings() {
        return describe();
    }

    /**
     * Trains {@code config} from epoch {@code startEpoch} (0 = fresh; more = continue the state this runner
     * saved under {@code stateDir} when that configuration reached startEpoch) up to {@code endEpoch},
     * calling {@code onEpoch} after each epoch; when {@code continueLater}, saves the state reached under
     * {@code stateDir} for a later continuation from endEpoch. Throws on failure (out of memory, a NaN loss):
     * the search records the trial as failed.
     */
    List<EpochMetrics> train(Map<String, Object> config, long seed, int startEpoch, int endEpoch, Path stateDir,
                             boolean continueLater, Consumer<EpochMetrics> onEpoch) throws Exception;

    /**
     * How another JVM builds this runner (for trials run on a cluster, {@code fer tune --spark}); runners that cannot
     * be rebuilt elsewhere say so.
     */
    default TrialRunnerSource source() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be shipped to another JVM: "
                + "it has no TrialRunnerSource, so its trials run only in this JVM");
    }
}
