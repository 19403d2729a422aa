package fer.tune;

import fer.Progress;
import fer.Study;

import fer.data.Datasets;
import fer.model.Architecture;
import fer.train.StudyModels;
import fer.train.EpochMetrics;
import fer.train.TrainingPlan;
import fer.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The paper profile's trials: the whole custom model (ImageNet VGG16 base, fine-tuned, with the trial's
 * head) trained per trial by {@link fer.train.Trainer} on the profile's data with Table 1 augmentation, as
 * Keras Tuner did in the report. Meant for a GPU. The trial's state directory is the Trainer's run
 * directory, so a promoted configuration continues from its checkpoint and a trial killed mid-way resumes
 * from its last finished epoch.
 */
public final class FullModelTrials implements TrialRunner {
    private final Study study;
    private final TrainingPlan plan;
    private final int trainImages;
    private final String datasetName;
    private final boolean defaultPlan;

    /** Trials on the study's custom-model plan (its callbacks except early stopping: the search sets the epochs). */
    public FullModelTrials(Study study) {
        this(study, TrainingPlan.of(study.profile(), Architecture.CUSTOM), true);
    }

    public FullModelTrials(Study study, TrainingPlan plan) {
        this(study, plan, false);
    }

    private FullModelTrials(Study study, TrainingPlan plan, boolean defaultPlan) {
        this.study = study;
        this.defaultPlan = defaultPlan;
        this.plan = plan.withTrain(plan.train().withEarlyStopping(null));
        var split = Datasets.loadSplit(study.data(), study.progress());
        this.trainImages = Math.min(plan.trainImages(), split.train().size());
        this.datasetName = split.datasetName();
    }

    @Override
    public int trainImages() {
        return trainImages;
    }

    @Override
    public String datasetName() {
        return datasetName;
    }

    /**
     * The study as an executor rebuilds it: profile, workspace folders and dataset path, which must be paths every
     * node of the cluster sees (a shared file system). Only the profile's default plan travels.
     */
    @Override
    public TrialRunnerSource source() {
        if (!defaultPlan) throw new UnsupportedOperationException("FullModelTrials with a custom TrainingPlan cannot be shipped: "
                + "executors rebuild the profile's default plan only");
        var w = study.workspace();
        var d = study.data();
        return new Source(study.profile().id(), new String[] {w.root().toString(), w.data().toString(), w.generated().toString(),
                w.figures().toString(), w.models().toString(), w.runs().toString()},
                d.synthetic() != null || d.source() == null ? null : d.source().toString(), d.side(), d.lenient(), study.seed());
    }

    /** What an executor needs to build the same study and trials; {@code source} null = the profile's synthetic default. */
    public record Source(String profile, String[] workspace, String source, int side, boolean lenient, long seed)
            implements TrialRunnerSource {
        @Override
        public String key() {
            return "full:" + profile + ":" + String.join(",", workspace) + ":" + source + ":" + side + ":" + lenient + ":" + seed;
        }

        @Override
        public TrialRunner open() {
            var w = new fer.Workspace(Path.of(workspace[0]), Path.of(workspace[1]), Path.of(workspace[2]), Path.of(workspace[3]),
                    Path.of(workspace[4]), Path.of(workspace[5]));
            Study s = Study.of(fer.Profile.parse(profile), w).withSeed(seed).withSource(source == null ? null : Path.of(source));
            s = s.withData(s.data().withSide(side).withLenient(lenient));
            return new FullModelTrials(s);
        }
    }

    @Override
    public String describe() {
        return "whole custom model fine-tuned per trial (" + plan.profile().id() + " profile, Table 1 augmentation)";
    }

    @Override
    public List<EpochMetrics> train(Map<String, Object> config, long seed, int startEpoch, int endEpoch, Path stateDir,
                                    boolean continueLater, Consumer<EpochMetrics> onEpoch) throws IOException {
        TrainingPlan p = HeadHyperparameters.from(config).applyTo(plan);
        p = p.withModel(p.model().withSeed(seed)).withTrain(p.train().withEpochs(endEpoch).withSeed(seed));
        var outcome = TrainingRun.run(study, stateDir.getFileName().toString(), p, baseZip(), stateDir, stateDir, Progress.NONE);
        List<EpochMetrics> mine = outcome.history().epochs().stream().filter(m -> m.epoch() > startEpoch).toList();
        mine.forEach(onEpoch);
        if (!continueLater) delete(stateDir); // a VGG16 checkpoint is ~250 MB; nothing will continue from it
        return mine;
    }

    /** The saved model whose base the plan copies (the quick profile's custom model copies the default model's), or null. */
    private Path baseZip() {
        return plan.baseFrom() == null ? null : StudyModels.zip(study.workspace(), plan.profile(), plan.baseFrom());
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }
}
