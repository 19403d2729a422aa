package fer.tune;

import fer.Study;
import fer.train.EpochMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a hyperparameter search and keeps its trial log: random search or successive halving over a
 * {@link SearchSpace}, each trial trained by a {@link TrialRunner}, objective = best validation accuracy.
 *
 * <p>The search is the planner: it decides the trials ({@link TrialSpec}: configuration, seed, epochs, state) in
 * batches — the whole random search, or one halving rung — and a {@link TrialExecutor} runs each batch: in this
 * JVM ({@link LocalTrialExecutor}) or as Spark tasks (environment/spark). The planner alone writes the log and
 * {@code best.json}, so the same seed gives the same trials whatever runs them.
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
    private final TrialExecutor executor;
    private final Path dir;
    private final TrialLog log;
    private final SearchProgress progress;
    private final Map<Integer, TrialRecord> prior;
    private final List<TrialRecord> trials = new ArrayList<>();
    private int kept;

    private Search(SearchConfig config, TrialRunner runner, TrialExecutor executor, Path dir, SearchProgress progress) {
        this.config = config;
        this.runner = runner;
        this.executor = executor;
        this.dir = dir;
        this.log = new TrialLog(dir);
        this.progress = progress;
        this.prior = log.latest();
    }

    /** Runs (or resumes) {@code config} in the study's {@code runs/hpo-NAME/}, showing progress on the study's display. */
    public static SearchResult run(Study study, SearchConfig config, TrialRunner runner) {
        return run(study, config, runner, new LocalTrialExecutor(runner));
    }

    /** As {@link #run(Study, SearchConfig, TrialRunner)}, the trials run by {@code executor} (a Spark cluster). */
    public static SearchResult run(Study study, SearchConfig config, TrialRunner runner, TrialExecutor executor) {
        return run(config, runner, executor, study.workspace().runs().resolve(config.dirName()),
                new SearchProgress(study.progress(config.dirName())));
    }

    /** Runs (or resumes) {@code config} with its log in {@code dir}, trials trained in this JVM. */
    public static SearchResult run(SearchConfig config, TrialRunner runner, Path dir, SearchProgress progress) {
        return run(config, runner, new LocalTrialExecutor(runner), dir, progress);
    }

    /**
     * Runs (or resumes) {@code config} with its log in {@code dir}, holding the folder's lock ({@link fer.RunLock});
     * {@code runner} gives the trials' size and description, {@code executor} trains them.
     */
    public static SearchResult run(SearchConfig config, TrialRunner runner, TrialExecutor executor, Path dir,
                                   SearchProgress progress) {
        try (fer.RunLock lock = fer.RunLock.folder(dir, "search " + config.name())) {
            return new Search(config, runner, executor, dir, progress).run();
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

    /** A trial the planner wants, before the log is consulted. */
    private record Planned(int id, int config, int rung, int startEpoch, int endEpoch, double parentObjective,
                           boolean continueLater) {}

    private SearchResult run() {
        checkMeta();
        String repaired = log.repair();
        if (repaired != null) progress.log(repaired);
        long started = System.nanoTime();
        int n = config.strategy() == Strategy.RANDOM ? config.trials() : config.halvingPlan(runner.trainImages()).trials();
        progress.start(config, runner, n, prior.size());
        if (!(executor instanceof LocalTrialExecutor)) progress.executor(executor.describe());
        switch (config.strategy()) {
            case RANDOM -> {
                List<Planned> all = new ArrayList<>();
                for (int i = 0; i < config.trials(); i++) all.add(new Planned(i, i, 0, 0, config.epochs(), Double.NaN, false));
                batch(all);
            }
            case HALVING -> halving(config.halvingPlan(runner.trainImages()));
        }
        // trials trained by hand from notebook 04's panel: not part of the plan, but candidates for best.json
        for (TrialRecord r : prior.values()) if (r.status() == TrialStatus.MANUAL) trials.add(r);
        SearchResult result = new SearchResult(config, runner.datasetName(), runner.trainImages(), trials, dir,
                (System.nanoTime() - started) / 1e9, kept);
        result.writeBest();
        progress.finish(result);
        return result;
    }

    private void halving(HalvingPlan plan) {
        int[] widths = plan.configs();
        int[] epochs = plan.epochs();
        List<Planned> first = new ArrayList<>();
        int id = 0;
        for (int c = 0; c < widths[0]; c++) first.add(new Planned(id++, c, 0, 0, epochs[0], Double.NaN, plan.rungs() > 1));
        List<TrialRecord> rung = batch(first);
        for (int k = 1; k < plan.rungs(); k++) {
            List<TrialRecord> ranked = new ArrayList<>(rung);
            // best objective first; failed (NaN) last; ties to the earlier configuration, so replays agree
            ranked.sort(Comparator.comparingDouble((TrialRecord r) -> r.hasObjective() ? -r.objective() : Double.POSITIVE_INFINITY)
                    .thenComparingInt(TrialRecord::config));
            List<TrialRecord> promoted = ranked.subList(0, Math.min(widths[k], ranked.size()));
            for (TrialRecord r : ranked.subList(promoted.size(), ranked.size())) prune(r);
            List<Planned> next = new ArrayList<>();
            for (TrialRecord parent : promoted) {
                if (parent.status() == TrialStatus.FAILED) continue;
                next.add(new Planned(id++, parent.config(), k, epochs[k - 1], epochs[k],
                        parent.hasObjective() ? parent.objective() : Double.NaN, k < plan.rungs() - 1));
            }
            rung = batch(next);
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

    /**
     * Takes each planned trial from the log when a previous run finished it, has the executor run the others,
     * and returns the batch's records in plan order.
     */
    private List<TrialRecord> batch(List<Planned> planned) {
        Map<Integer, TrialRecord> done = new HashMap<>();
        Map<Integer, Planned> byId = new HashMap<>();
        List<TrialSpec> pending = new ArrayList<>();
        for (Planned p : planned) {
            byId.put(p.id(), p);
            Map<String, Object> hp = config.space().sample(config.seed(), p.config());
            TrialRecord before = prior.get(p.id());
            if (before != null && (before.config() != p.config() || before.epochs() != p.endEpoch() || !before.hyperparameters().equals(hp))) {
                throw new IllegalStateException(log.file() + ": trial " + p.id() + " was config " + before.config() + " "
                        + before.hyperparameters() + " to epoch " + before.epochs() + ", this search would make it config "
                        + p.config() + " " + hp + " to epoch " + p.endEpoch() + ": the log belongs to a different search; use another"
                        + " name or delete " + dir);
            }
            if (before != null && before.status().finished()) {
                done.put(p.id(), before);
                kept++;
                progress.kept(before);
                continue;
            }
            pending.add(new TrialSpec(p.id(), p.config(), p.rung(), p.startEpoch(), p.endEpoch(), hp, trialSeed(p.config()),
                    stateDir(p.config()).toString(), p.continueLater(), before == null ? 1 : before.attempt() + 1));
        }
        if (!pending.isEmpty()) {
            Map<Integer, TrialRecord> starts = new HashMap<>();
            executor.run(pending, new TrialEvents() {
                @Override
                public void started(TrialSpec spec) {
                    TrialRecord rec = new TrialRecord(spec.trial(), spec.config(), spec.rung(), spec.startEpoch(), spec.endEpoch(),
                            spec.hyperparameters(), spec.seed(), TrialStatus.RUNNING, List.of(), Double.NaN, 0, 0, spec.attempt(), null);
                    starts.put(spec.trial(), rec);
                    log.append(rec);
                    progress.trialStart(rec);
                }

                @Override
                public void epoch(TrialSpec spec, List<EpochMetrics> history, double seconds) {
                    TrialRecord snap = starts.get(spec.trial()).with(TrialStatus.RUNNING, history,
                            objective(byId.get(spec.trial()).parentObjective(), history), (long) history.size() * runner.trainImages(),
                            seconds, null);
                    log.append(snap);
                    progress.epoch(snap, history.get(history.size() - 1));
                }

                @Override
                public void finished(TrialSpec spec, TrialOutcome out) {
                    TrialRecord start = starts.get(spec.trial());
                    if (start == null) throw new IllegalStateException("executor finished trial " + spec.trial() + " it never started");
                    if (out.retries() > 0) start = start.retry(spec.attempt() + out.retries()); // a lost machine's trial, run again
                    if (done.containsKey(spec.trial())) throw new IllegalStateException("executor finished trial " + spec.trial() + " twice");
                    long images = (long) out.history().size() * runner.trainImages();
                    TrialRecord end = out.failed()
                            ? start.with(TrialStatus.FAILED, out.history(), Double.NaN, images, out.seconds(), out.error())
                            : start.with(TrialStatus.COMPLETE, out.history(), objective(byId.get(spec.trial()).parentObjective(), out.history()),
                            images, out.seconds(), null);
                    if (out.failed()) deleteState(spec.config());
                    log.append(end);
                    done.put(spec.trial(), end);
                    progress.trialEnd(end, executor instanceof LocalTrialExecutor ? null : out.where());
                }
            });
        }
        List<TrialRecord> out = new ArrayList<>();
        for (Planned p : planned) {
            TrialRecord r = done.get(p.id());
            if (r == null) throw new IllegalStateException(executor.describe() + " returned without finishing trial " + p.id());
            out.add(r);
            trials.add(r);
        }
        return out;
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
