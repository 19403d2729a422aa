package fer.tune;

import fer.train.EpochMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A trial runner without a network, for testing the search itself: validation accuracy is a fixed function
 * of the configuration that rises with each epoch; sigmoid with lr 1e-3 "diverges" (throws, as a NaN loss
 * would); state files mark where a configuration stopped, so continuing from a missing state fails.
 */
class FakeTrials implements TrialRunner {
    final List<String> trained = new ArrayList<>();
    int epochsTrained;
    long delayMillis;
    /** When >= 0: simulate a crash (an Error the search does not catch) in the 2nd epoch of this train call. */
    int crashInCall = -1;

    static double quality(Map<String, Object> c) {
        double q = c.get("optimizer").equals("Adam") ? 0.3 : 0.1;
        q += ((Integer) c.get("units_1")) / 4096.0 * 0.2;
        q += c.get("activation").equals("relu") ? 0.1 : 0;
        return q;
    }

    @Override
    public int trainImages() {
        return 100;
    }

    @Override
    public String datasetName() {
        return "fake";
    }

    @Override
    public String describe() {
        return "fake trials";
    }

    @Override
    public List<EpochMetrics> train(Map<String, Object> config, long seed, int startEpoch, int endEpoch, Path stateDir,
                                    boolean continueLater, Consumer<EpochMetrics> onEpoch) throws Exception {
        if (startEpoch > 0 && !Files.exists(stateDir.resolve("epoch-" + startEpoch))) {
            throw new IllegalStateException("no state to continue from at epoch " + startEpoch);
        }
        int call = trained.size();
        trained.add(config + " " + startEpoch + "->" + endEpoch);
        List<EpochMetrics> h = new ArrayList<>();
        for (int e = startEpoch + 1; e <= endEpoch; e++) {
            if (call == crashInCall && e == startEpoch + 2) throw new Error("simulated crash");
            if (delayMillis > 0) Thread.sleep(delayMillis);
            if (config.get("activation").equals("sigmoid") && config.get("learning_rate").equals(0.001)) {
                throw new ArithmeticException("loss is NaN at epoch " + e);
            }
            epochsTrained++;
            double acc = Math.min(0.99, quality(config) + 0.02 * e);
            EpochMetrics m = new EpochMetrics(e, 1 - acc, acc, 1.1 - acc, acc, 0.001, 0.01);
            h.add(m);
            onEpoch.accept(m);
        }
        if (continueLater) {
            Files.createDirectories(stateDir);
            Files.writeString(stateDir.resolve("epoch-" + endEpoch), "state");
        }
        return h;
    }
}
