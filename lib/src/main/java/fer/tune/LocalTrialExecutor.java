package fer.tune;

import fer.train.EpochMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** Trains a batch of trials one after the other in this JVM with one {@link TrialRunner}: the local search. */
public final class LocalTrialExecutor implements TrialExecutor {
    private final TrialRunner runner;

    public LocalTrialExecutor(TrialRunner runner) {
        this.runner = runner;
    }

    @Override
    public String describe() {
        return "this JVM, one trial at a time";
    }

    @Override
    public void run(List<TrialSpec> batch, TrialEvents events) {
        for (TrialSpec spec : batch) {
            events.started(spec);
            TrialOutcome out = train(runner, spec, "this JVM", (h, s) -> events.epoch(spec, h, s));
            events.finished(spec, out);
        }
    }

    /**
     * Trains one spec with {@code runner}, calling {@code onEpoch(history so far, seconds)} after each epoch: the
     * part every executor shares (the Spark task calls it too). An exception or out-of-memory error becomes a
     * failed outcome; other errors propagate.
     */
    public static TrialOutcome train(TrialRunner runner, TrialSpec spec, String where,
                                     BiConsumer<List<EpochMetrics>, Double> onEpoch) {
        List<EpochMetrics> history = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            runner.train(spec.hyperparameters(), spec.seed(), spec.startEpoch(), spec.endEpoch(), Path.of(spec.stateDir()),
                    spec.continueLater(), m -> {
                        history.add(m);
                        onEpoch.accept(List.copyOf(history), (System.nanoTime() - t0) / 1e9);
                    });
            if (history.size() != spec.epochsToTrain()) {
                throw new IllegalStateException("runner trained " + history.size() + " epochs, expected " + spec.epochsToTrain());
            }
            return new TrialOutcome(spec.trial(), history, (System.nanoTime() - t0) / 1e9, null, where, 0);
        } catch (Exception | OutOfMemoryError e) {
            String msg = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new TrialOutcome(spec.trial(), history, (System.nanoTime() - t0) / 1e9, msg, where, 0);
        }
    }
}
