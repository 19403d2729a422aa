package fer.train;

import fer.Names;
import fer.Settings;
import fer.Profile;
import fer.RunLock;
import fer.Progress;
import fer.Study;
import fer.Workspace;
import fer.model.PretrainedWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * One model trained end to end, as notebook 03 and {@code fer train} do it: the study's data, the network with ImageNet
 * weights when available (or another model's trained base), the resumable training loop in {@code runs/NAME/}, and
 * the result saved as {@code models/NAME.zip} with its manifest. It trains what it is given: making sure a base model
 * exists first is {@link StudyModels}'s job, which calls this, never the other way round.
 */
public final class TrainingRun {
    /** What a run produced. */
    public record Outcome(String name, TrainingPlan plan, Trainer.Result result, PretrainedWeights.Result weights,
                          String datasetName, int trainImages, Path model, Path manifest) {
        public History history() {
            return result.history();
        }

        public ComputationGraph net() {
            return result.net();
        }

        /**
         * What was trained, in one line for a figure's header: the variant, where its weights came from and the
         * epochs, e.g. "VGG16-BN at 1/4 width (16-32-64-128-128 filters) · base of default-vgg16-quick (val_accuracy 0.49)
         * · 6 of 6 epochs, adam(lr=3.0E-4), batch 32 · 2,880 training images".
         */
        public String variant() {
            var spec = plan.model();
            var cfg = plan.train();
            String from = switch (weights.source()) {
                case IMAGENET_DL4J_ZOO, IMAGENET_KERAS_H5 -> "ImageNet weights";
                case PROJECT_BASE -> "base of " + (weights.detail().contains(" from ")
                        ? weights.detail().substring(0, weights.detail().indexOf(" from ")) : weights.detail());
                case RANDOM_INIT, NOT_APPLICABLE -> "random init";
            };
            String epochs = String.format(java.util.Locale.ROOT, "%d of %d epochs%s%s, %s, batch %d", result.history().size(), cfg.epochs(),
                    result.stoppedEarly() ? " (early stop)" : "",
                    result.restoredBest() ? " (weights of epoch " + result.bestEpoch() + " kept)" : "", cfg.optimizer(), cfg.batchSize());
            return String.join(" · ", spec.architecture().usesVgg() ? spec.vggVariant() : "small CNN", from, epochs,
                    String.format(java.util.Locale.ROOT, "%,d training images", result.history().size() == 0 ? 0 : trainImages));
        }
    }

    private TrainingRun() {}

    /**
     * Trains {@code plan} as run {@code name} in the study's runs/ and models/ folders, resuming an interrupted run of
     * that name. {@code baseZip}: the saved model whose trained base the plan copies in (null: ImageNet weights from the
     * study's caches, else random; only the paper profile may download them). Progress goes to the study's display;
     * {@code extra} callbacks (a live chart: {@link TrainingCurves#live}) join the plan's.
     */
    public static Outcome run(Study study, String name, TrainingPlan plan, Path baseZip, TrainingCallback... extra) {
        return run(study, name, plan, baseZip, false, extra);
    }

    /** As {@link #run(Study, String, TrainingPlan, Path, TrainingCallback...)}; {@code fresh} discards an earlier run of that name first. */
    public static Outcome run(Study study, String name, TrainingPlan plan, Path baseZip, boolean fresh, TrainingCallback... extra) {
        Workspace w = study.workspace();
        return run(study, name, plan, baseZip, w.runs().resolve(Names.check("run name", name)), w.models(), study.progress(name), fresh,
                extra);
    }

    /** As the full form, resuming what {@code runDir} holds. */
    public static Outcome run(Study study, String name, TrainingPlan plan, Path baseZip, Path runDir, Path modelsDir,
                              Progress progress) {
        return run(study, name, plan, baseZip, runDir, modelsDir, progress, false);
    }

    /**
     * Trains {@code plan} in {@code runDir} (resuming from its checkpoint) and saves the model in {@code modelsDir};
     * {@code progress} hears every batch and epoch. The callbacks are the plan's schedule, the progress line, then
     * {@code extra}. The run folder and the model name are locked for the whole run ({@link RunLock}); {@code fresh}
     * empties the run folder once the lock is held and the data loaded, so nothing is lost when the new run cannot start.
     */
    public static Outcome run(Study study, String name, TrainingPlan plan, Path baseZip, Path runDir, Path modelsDir,
                              Progress progress, boolean fresh, TrainingCallback... extra) {
        Names.check("run name", name);
        if ((plan.baseFrom() == null) != (baseZip == null)) {
            throw new IllegalArgumentException("plan " + name + (plan.baseFrom() == null ? " copies no base, yet a base model was given"
                    : " copies the base of the " + plan.baseFrom().id() + " model: give its saved zip"));
        }
        try (RunLock run = RunLock.folder(runDir, "run " + name); RunLock model = RunLock.model(modelsDir, name)) {
            return locked(study, name, plan, baseZip, runDir, modelsDir, progress, fresh, extra);
        }
    }

    private static Outcome locked(Study study, String name, TrainingPlan plan, Path baseZip, Path runDir, Path modelsDir,
                                  Progress progress, boolean fresh, TrainingCallback... extra) {
        TrainingData data = TrainingData.load(study, plan, progress);
        if (fresh && clear(runDir)) progress.log("--fresh: discarded the earlier run in " + runDir);
        var spec = plan.model();
        // the head has one output per class of the data (7 for FER-2013, 8 for FER+)
        if (spec.numClasses() != data.classes().size()) spec = spec.withNumClasses(data.classes().size());
        // quick runs use cached weights only: a 500 MB download would not fit their minutes
        PretrainedWeights.Options options = plan.profile() == Profile.QUICK ? study.weights().offline() : study.weights();
        String baseName = baseZip == null ? null : baseZip.getFileName().toString().replaceFirst("\\.zip$", "");
        checkSettings(runDir, settings(plan.withModel(spec), data, baseName), progress);
        StartingWeights start = new StartingWeights(spec, plan.train().optimizer(), baseZip, options, runDir, progress);
        int batches = (data.trainSize() + plan.train().batchSize() - 1) / plan.train().batchSize();
        List<TrainingCallback> callbacks = new ArrayList<>(plan.train().callbacks());
        callbacks.add(new ProgressLogger(progress));
        callbacks.addAll(List.of(extra));
        Trainer.Result result = new Trainer(plan.train(), runDir).releaseBatches(true).batchesPerEpoch(batches)
                .fit(start, data.train(), data.validation(), callbacks);
        PretrainedWeights.Result weights = start.result();
        Map<String, Object> manifest = TrainingManifest.of(name, plan.withModel(spec), data, result, weights, runDir, baseName);
        Path zip = ModelStore.save(result.net(), modelsDir, name, manifest);
        return new Outcome(name, plan, result, weights, data.datasetName(), data.trainSize(), zip, modelsDir.resolve(name + ".json"));
    }

    /** The run's settings, written on first start and compared on every resume. */
    public static final String SETTINGS = "run.json";
    /** The settings a resume may change: the number of epochs (to extend or shorten a run). */
    public static final Set<String> MAY_CHANGE = Set.of("train.epochs");

    /** What defines a run: the model, the optimiser and schedule, the data it sees, the base it starts from. */
    static Settings settings(TrainingPlan plan, TrainingData data, String baseModel) {
        return new Settings().put("profile", plan.profile()).put("model", plan.model()).put("train", plan.train())
                .put("data.dataset", data.datasetName()).put("data.train_images", data.trainSize())
                .put("data.validation_images", data.validationSize()).put("data.classes", data.classes())
                .put("base_from", plan.baseFrom()).put("base_model", baseModel);
    }

    /**
     * Refuses to resume {@code runDir} with settings other than those it started with, naming each difference (only
     * {@link #MAY_CHANGE} may differ); then records the settings that now run. A resume once continued at the old rate
     * and batch while the manifest claimed the new ones (issue 26, case 4).
     */
    static void checkSettings(Path runDir, Settings now, Progress progress) {
        Path file = runDir.resolve(SETTINGS);
        if (Trainer.epochsDone(runDir) > 0) {
            if (Files.isRegularFile(file)) {
                List<String> diff = now.differences(Settings.read(file), MAY_CHANGE);
                if (!diff.isEmpty()) {
                    throw new IllegalArgumentException(runDir + " was started with other settings (" + String.join("; ", diff)
                            + "); only " + String.join(", ", MAY_CHANGE) + " may change on resume: rerun with the first run's options, "
                            + "use another --name, or start afresh with --fresh");
                }
            } else {
                progress.log(runDir + " has no " + SETTINGS + " (a run from before settings were recorded): resuming with these settings");
            }
        }
        now.write(file);
    }

    /** Empties {@code runs/NAME/} (under its lock) so the next run of that name starts from scratch instead of resuming. */
    public static void discard(Workspace w, String name) {
        Names.check("run name", name);
        Path dir = w.runs().resolve(name);
        // the one folder the name gives, never runs/ itself or anything beside it
        if (!dir.getParent().equals(w.runs())) throw new IllegalArgumentException("run name '" + name + "' is not a folder of " + w.runs());
        if (!Files.isDirectory(dir)) return;
        try (RunLock lock = RunLock.folder(dir, "run " + name)) {
            clear(dir);
        }
    }

    /** Deletes everything in {@code dir} but its lock file; true when there was something. */
    public static boolean clear(Path dir) {
        if (!Files.isDirectory(dir)) return false;
        boolean any = false;
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (f.equals(dir) || f.equals(dir.resolve(RunLock.FILE))) continue;
                Files.delete(f);
                any = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot empty run folder " + dir + ": " + fer.FileErrors.cause(e), e);
        }
        return any;
    }
}
