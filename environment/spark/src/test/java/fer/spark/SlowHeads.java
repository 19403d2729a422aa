package fer.spark;

import fer.train.EpochMetrics;
import fer.tune.HeadTrials;
import fer.tune.TrialRunner;
import fer.tune.TrialRunnerSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Head trials slowed by {@code delayMillis} per epoch, so a test can kill a worker while a trial runs; each trial
 * leaves a marker file naming the process that trains it ({@code pid-PID-config-C-epochs-E}).
 */
record SlowHeads(HeadTrials.Features features, long delayMillis, String markers) implements TrialRunnerSource {
    @Override
    public String key() {
        return "slow:" + delayMillis + ":" + features.key();
    }

    @Override
    public TrialRunner open() {
        HeadTrials heads = (HeadTrials) features.open();
        return new TrialRunner() {
            @Override public int trainImages() { return heads.trainImages(); }
            @Override public String datasetName() { return heads.datasetName(); }
            @Override public String describe() { return heads.describe() + ", " + delayMillis + " ms extra per epoch"; }

            @Override
            public List<EpochMetrics> train(Map<String, Object> c, long seed, int start, int end, Path state, boolean later,
                                            Consumer<EpochMetrics> onEpoch) throws Exception {
                Path dir = Path.of(markers);
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("pid-" + ProcessHandle.current().pid() + "-seed-" + seed + "-epochs-" + end), "");
                return heads.train(c, seed, start, end, state, later, m -> {
                    try {
                        Thread.sleep(delayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    onEpoch.accept(m);
                });
            }
        };
    }
}
