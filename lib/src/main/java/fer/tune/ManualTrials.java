package fer.tune;

import fer.train.EpochMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Trials a person configures and trains by hand (notebook 04's panel), kept in the search's own log,
 * {@code runs/hpo-NAME/trials.jsonl}, with status {@code manual}: a later {@code fer tune} resume keeps them, and
 * {@code best.json} takes one when it beats the search's best. Their numbers start at {@link #FIRST} so they never
 * collide with the plan's trials (numbered from 0); tables show them as manual 1, 2, ...
 */
public final class ManualTrials {
    /** The first manual trial's number in the log. */
    public static final int FIRST = 1_000_000;

    private final SearchConfig config;
    private final TrialRunner runner;
    private final Path dir;
    private final TrialLog log;

    /** Manual trials beside the search {@code config}, trained by {@code runner}, logged in {@code dir}. */
    public ManualTrials(SearchConfig config, TrialRunner runner, Path dir) {
        this.config = config;
        this.runner = runner;
        this.dir = dir;
        this.log = new TrialLog(dir);
    }

    /** Manual trials beside {@code config} in the study's {@code runs/hpo-NAME/}. */
    public static ManualTrials of(fer.Study study, SearchConfig config, TrialRunner runner) {
        return new ManualTrials(config, runner, study.workspace().runs().resolve(config.dirName()));
    }

    /**
     * Trains {@code hyperparameters} for {@code epochs} ({@code onEpoch} after each), appends the trial to the log and
     * rewrites best.json from the log's finished trials. A trial that fails (a NaN loss) is logged as failed.
     */
    public TrialRecord train(Map<String, Object> hyperparameters, int epochs, Consumer<EpochMetrics> onEpoch) {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        // the search's lock: a `fer tune` of this search in another process is refused (or refuses us) by PID
        try (fer.RunLock lock = fer.RunLock.folder(dir, "search " + config.name())) {
            return trainLocked(hyperparameters, epochs, onEpoch);
        }
    }

    private TrialRecord trainLocked(Map<String, Object> hyperparameters, int epochs, Consumer<EpochMetrics> onEpoch) {
        HeadHyperparameters.from(hyperparameters); // refuse a configuration the head cannot be built from, before training
        int id = FIRST + (int) log.latest().keySet().stream().filter(t -> t >= FIRST).count();
        long seed = config.seed() * 1_000_003L + id;
        List<EpochMetrics> history = new ArrayList<>();
        long t0 = System.nanoTime();
        TrialRecord rec;
        try {
            runner.train(hyperparameters, seed, 0, epochs, dir.resolve("state").resolve("manual"), false, m -> {
                history.add(m);
                onEpoch.accept(m);
            });
            double best = history.stream().mapToDouble(EpochMetrics::valAccuracy).max().orElse(Double.NaN);
            rec = new TrialRecord(id, -1, 0, 0, epochs, hyperparameters, seed, TrialStatus.MANUAL, history, best,
                    (long) epochs * runner.trainImages(), (System.nanoTime() - t0) / 1e9, 1, null);
        } catch (Exception e) {
            rec = new TrialRecord(id, -1, 0, 0, epochs, hyperparameters, seed, TrialStatus.FAILED, history, Double.NaN,
                    (long) history.size() * runner.trainImages(), (System.nanoTime() - t0) / 1e9, 1,
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        log.append(rec);
        result().writeBest();
        return rec;
    }

    /** The log as a result: every finished trial (the search's and the manual ones), as {@code fer tune} would see it. */
    public SearchResult result() {
        List<TrialRecord> finished = log.latest().values().stream().filter(r -> r.status().finished()).toList();
        return new SearchResult(config, runner.datasetName(), runner.trainImages(), finished, dir, 0, finished.size());
    }

    /** The manual trials in the log, in order. */
    public List<TrialRecord> trials() {
        return log.latest().values().stream().filter(ManualTrials::manual).toList();
    }

    static boolean manual(TrialRecord r) {
        return r.trial() >= FIRST;
    }

    /** A trial's number as tables show it: 1-based, manual trials counted on their own. */
    static int number(TrialRecord r) {
        return manual(r) ? r.trial() - FIRST + 1 : r.trial() + 1;
    }
}
