package fer.tune;

import fer.Study;
import fer.train.EpochMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a hyperparameter search and keeps its trial log: random search or successive halving over a
 * {@link SearchSpace}, each trial trained by a {@link TrialRunner}, objective = best validation accuracy.
 *
 * <p>Resumable by construction: the sequence of trials is a function of the seed and of the results of
 * earlier trials only, so a search started again under the same name replays that sequence, takes every
 * finished trial (complete, pruned or failed) from the log instead of training it, and re-runs the one a
 * kill interrupted. A trial that throws (out of memory, NaN loss) is logged as failed and the search goes on.
 */
public final class Search {
    /** Search settings written beside the log, compared on resume. */
    public static final String META = "search.json";

    private final SearchConfig config;
    private final TrialRunner runner;
    private final Path dir;
    private final TrialLog log;
    private final SearchProgress progress;
    private final Map<Integer, TrialRecord> prior;
    private final List<TrialRecord> trials = new ArrayList<>();
    private int kept;

    private Search(SearchConfig config, TrialRunner runner, Path dir, SearchProgress progress) {
        this.config = config;
        this.runner = runner;
        this.dir = dir;
        this.log = new TrialLog(dir);
        this.progress = progress;
        this.prior = log.latest();
    }

    /** Runs (or resumes) {@code config} in the study's {@code runs/hpo-NAME/}, showing progress on the study's display. */
    public static SearchResult run(Study study, SearchConfig config, TrialRunner runner) {
        return run(config, runner, study.workspace().runs().resolve(config.dirName()),
                new SearchProgress(study.progress(config.dirName())));
    }

    /** Runs (or resumes) {@code config} with its log in {@code dir}, holding the folder's lock ({@link fer.RunLock}). */
    public static SearchResult run(SearchConfig config, TrialRunner runner, Path dir, SearchProgress progress) {
        try (fer.RunLock lock = fer.RunLock.folder(dir, "search " + config.name())) {
            return new Search(config, runner, dir, progress).run();
        }
    }

    /** Holds the lock of search {@code name}'s folder: a caller preparing a long search takes it before the preparation. */
    public static fer.RunLock lock(Study study, String name) {
        return fer.RunLock.folder(study.workspace().runs().resolve("hpo-" + fer.Names.check("search name", name)), "search " + name);
    }

    /** Deletes {@code runs/hpo-NAME/} so the next search of that name starts from scratch. */
    public static void discard(Study study, String name) {
        fer.train.TrainingRun.discard(study.workspace(), "hpo-" + name);
    }

    private SearchResult run() {
        checkMeta();
        String repaired = log.repair();
        if (repaired != null) progress.log(repaired);
        long started = System.nanoTime();
        int n = config.strategy() == Strategy.RANDOM ? config.trials() : config.halvingPlan(runner.trainImages()).trials();
        progress.start(config, runner, n, prior.size());
        switch (config.strategy()) {
            case RANDOM -> {
                for (int i = 0; i < config.trials(); i++) trial(i, i, 0, 0, config.epochs(), null, false);
            }
            case HALVING -> halving(config.halvingPlan(runner.trainImages()));
        }
        SearchResult result = new SearchResult(config, runner.datasetName(), runner.trainImages(), trials, dir,
                (System.nanoTime() - started) / 1e9, kept);
        result.writeBest();
        progress.finish(result);
        return result;
    }

    private void halving(HalvingPlan plan) {
        int[] widths = plan.configs();
        int[] epochs = plan.epochs();
        List<TrialRecord> rung = new ArrayList<>();
        int id = 0;
        for (int c = 0; c < widths[0]; c++) {
            rung.add(trial(id++, c, 0, 0, epochs[0], null, plan.rungs() > 1));
        }
        for (int k = 1; k < plan.rungs(); k++) {
            List<TrialRecord> ranked = new ArrayList<>(rung);
            // best objective first; failed (NaN) last; ties to the earlier configuration, so replays agree
            ranked.sort(Comparator.comparingDouble((TrialRecord r) -> r.hasObjective() ? -r.objective() : Double.POSITIVE_INFINITY)
                    .thenComparingInt(TrialRecord::config));
            List<TrialRecord> promoted = ranked.subList(0, Math.min(widths[k], ranked.size()));
            for (TrialRecord r : ranked.subList(promoted.size(), ranked.size())) prune(r);
            List<TrialRecord> next = new ArrayList<>();
            for (TrialRecord parent : promoted) {
                if (parent.status() == TrialStatus.FAILED) continue;
                next.add(trial(id++, parent.config(), k, epochs[k - 1], epochs[k], parent, k < plan.rungs() - 1));
            }
            rung = next;
        }
    }

    /** Marks a finished trial whose configuration was not promoted as pruned (a new snapshot) and drops its state. */
    private void prune(TrialRecord r) {
        deleteState(r.config());
        if (r.status() != TrialStatus.COMPLETE) return;
        TrialRecord p = r.with(TrialStatus.PRUNED, r.history(), r.objective(), r.images(), r.seconds(), null);
        log.append(p);
        replace(p);
    }

    private void replace(TrialRecord r) {
        for (int i = 0; i < trials.size(); i++) if (trials.get(i).trial() == r.trial()) trials.set(i, r);
    }

    /** Runs trial {@code id}, or takes it from the log when a previous run finished it. */
    private TrialRecord trial(int id, int configIndex, int rungIndex, int startEpoch, int endEpoch, TrialRecord parent,
                              boolean continueLater) {
        Map<String, Object> hp = config.space().sample(config.seed(), configIndex);
        long seed = trialSeed(configIndex);
        TrialRecord before = prior.get(id);
        if (before != null && (before.config() != configIndex || before.epochs() != endEpoch || !before.hyperparameters().equals(hp))) {
            throw new IllegalStateException(log.file() + ": trial " + id + " was config " + before.config() + " " + before.hyperparameters()
                    + " to epoch " + before.epochs() + ", this search would make it config " + configIndex + " " + hp + " to epoch "
                    + endEpoch + ": the log belongs to a different search; use another name or delete " + dir);
        }
        if (before != null && before.status().finished()) {
            trials.add(before);
            kept++;
            progress.kept(before);
            return before;
        }
        TrialRecord rec = new TrialRecord(id, configIndex, rungIndex, startEpoch, endEpoch, hp, seed, TrialStatus.RUNNING,
                List.of(), Double.NaN, 0, 0, 1, null);
        if (before != null) rec = rec.retry(before.attempt() + 1);
        final TrialRecord start = rec;
        log.append(start);
        progress.trialStart(start);
        double parentObjective = parent == null || !parent.hasObjective() ? Double.NaN : parent.objective();
        List<EpochMetrics> history = new ArrayList<>();
        long t0 = System.nanoTime();
        TrialRecord end;
        try {
            runner.train(hp, seed, startEpoch, endEpoch, stateDir(configIndex), continueLater, m -> {
                history.add(m);
                TrialRecord snap = start.with(TrialStatus.RUNNING, history, objective(parentObjective, history),
                        (long) history.size() * runner.trainImages(), (System.nanoTime() - t0) / 1e9, null);
                log.append(snap);
                progress.epoch(snap, m);
            });
            if (history.size() != endEpoch - startEpoch) {
                throw new IllegalStateException("runner trained " + history.size() + " epochs, expected " + (endEpoch - startEpoch));
            }
            end = start.with(TrialStatus.COMPLETE, history, objective(parentObjective, history),
                    (long) history.size() * runner.trainImages(), (System.nanoTime() - t0) / 1e9, null);
        } catch (Exception | OutOfMemoryError e) {
            String msg = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            end = start.with(TrialStatus.FAILED, history, Double.NaN, (long) history.size() * runner.trainImages(),
                    (System.nanoTime() - t0) / 1e9, msg);
            deleteState(configIndex);
        }
        log.append(end);
        trials.add(end);
        progress.trialEnd(end);
        return end;
    }

    private static double objective(double parent, List<EpochMetrics> history) {
        double best = parent;
        for (EpochMetrics m : history) if (Double.isNaN(best) || m.valAccuracy() > best) best = m.valAccuracy();
        return best;
    }

    /** A configuration's seed (weights, shuffling): the same in every rung and on every resume. */
    private long trialSeed(int configIndex) {
        return config.seed() * 1_000_003L + configIndex;
    }

    private Path stateDir(int configIndex) {
        return dir.resolve("state").resolve(String.format("config-%04d", configIndex));
    }

    private void deleteState(int configIndex) {
        Path d = stateDir(configIndex);
        if (!Files.exists(d)) return;
        try (var files = Files.walk(d)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + d, e);
        }
    }

    /** Settings no resume may change: every one defines which trials run and what they train. */
    static final java.util.Set<String> MAY_CHANGE = java.util.Set.of();

    /** What defines the search, compared setting by setting on resume (never timings: issue 26, case 3). */
    private fer.Settings settings() {
        fer.Settings s = new fer.Settings().put("name", config.name()).put("strategy", config.strategy().id())
                .put("seed", config.seed()).put("space", config.space().names()).put("trials", config.trials())
                .put("epochs", config.epochs()).put("train_images", runner.trainImages())
                .put("budget_images", config.budget(runner.trainImages()));
        if (config.strategy() == Strategy.HALVING) s.put("halving", config.halvingPlan(runner.trainImages()).toString());
        return s.put("runner", runner.settings());
    }

    /**
     * Writes the search's settings on first start; on resume, refuses a log made by other settings, naming each one that
     * differs. A search.json written before settings were compared held the runner's timing ("computed in 2s"): that
     * text is left out of the comparison.
     */
    private void checkMeta() {
        fer.Settings now = settings();
        Path file = dir.resolve(META);
        if (Files.exists(file) && !prior.isEmpty()) {
            Map<String, String> was = new LinkedHashMap<>(fer.Settings.read(file));
            was.computeIfPresent("runner", (k, v) -> v.replaceAll(";? computed in [0-9.]+s", ""));
            List<String> diff = now.differences(was, MAY_CHANGE);
            if (!diff.isEmpty()) {
                throw new IllegalStateException(file + " records a search started with other settings (" + String.join("; ", diff)
                        + "): resume it with the same settings, pick another name, or start afresh with --fresh");
            }
        }
        now.write(file);
    }
}
