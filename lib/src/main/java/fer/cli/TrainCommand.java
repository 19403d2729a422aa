package fer.cli;

import fer.Profile;
import fer.Study;
import fer.model.Architecture;
import fer.model.Optimizer;
import fer.train.EpochMetrics;
import fer.train.StudyModels;
import fer.train.TrainConfig;
import fer.train.TrainingCurves;
import fer.train.TrainingPlan;
import fer.train.TrainingRun;
import fer.tune.BestHyperparameters;
import picocli.CommandLine.Mixin;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fer train}: trains one model for a profile, resumable, and saves it under models/. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model (resumes an interrupted run with the same --name) and save it under models/.")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "custom", description = "custom | baseline | small (default: ${DEFAULT-VALUE})")
    String model;

    @Mixin StudyOptions options;

    @Option(names = "--name", description = "run and model name (default: <model>-<profile>)")
    String name;

    @Option(names = "--epochs", description = "override the profile's epochs")
    Integer epochs;

    @Option(names = "--batch", description = "override the profile's batch size")
    Integer batch;

    @Option(names = "--optimizer", description = "adam | sgd")
    String optimizer;

    @Option(names = "--lr", description = "learning rate")
    Double lr;

    @Option(names = "--momentum", description = "SGD momentum (Nesterov; DL4J has no classical momentum)")
    Double momentum;

    @Option(names = "--train-images", description = "use at most this many training images")
    Integer trainImages;

    @Option(names = "--val-images", description = "use at most this many validation images")
    Integer valImages;

    @Option(names = "--freeze-base", description = "keep the VGG16 base fixed (Section 6.4 experiment)")
    boolean freezeBase;

    @Option(names = "--base-from", description = "baseline: start the VGG16 base from the trained default model of the profile "
            + "(the quick profile's custom model does); none: ImageNet weights when present, else random (default: the profile's plan)")
    String baseFrom;

    @Option(names = "--fresh", description = "discard an earlier run of this name instead of resuming it")
    boolean fresh;

    @Option(names = "--hparams", description = "a search's best.json (runs/hpo-NAME/best.json): head, optimizer, lr and batch from it")
    java.nio.file.Path hparams;

    @Override
    public Integer call() {
        // a bad name is refused before anything is read, trained, written or deleted
        if (name != null) fer.Names.check("run name", name);
        Checks.atLeast("--epochs", epochs, 1);
        Checks.atLeast("--batch", batch, 1);
        Checks.atLeast("--train-images", trainImages, 1);
        Checks.atLeast("--val-images", valImages, 1);
        Checks.positive("--lr", lr);
        Checks.fraction("--momentum", momentum);
        Study study = options.study();
        Profile p = study.profile();
        Architecture arch = Architecture.parse(model);
        TrainingPlan plan = TrainingPlan.of(p, arch);
        // the search's values first, so explicit options below still override them
        if (hparams != null) {
            if (arch != Architecture.CUSTOM) throw new IllegalArgumentException("--hparams tunes the custom model's head: use --model custom, not " + arch.id());
            plan = BestHyperparameters.read(hparams).applyTo(plan);
        }
        TrainConfig t = plan.train();
        if (epochs != null) t = t.withEpochs(epochs);
        if (batch != null) t = t.withBatchSize(batch);
        if (optimizer != null || lr != null || momentum != null) {
            Optimizer.Kind kind = optimizer == null ? t.optimizer().kind() : Optimizer.parseKind(optimizer);
            double mom = momentum == null ? 0 : momentum;
            t = t.withOptimizer(new Optimizer(kind, lr == null ? t.optimizer().learningRate() : lr, mom, mom > 0));
        }
        plan = plan.withTrain(t).withModel(plan.model().withFreezeBase(freezeBase));
        if (baseFrom != null) plan = plan.withBaseFrom(baseFrom.equalsIgnoreCase("none") ? null : Architecture.parse(baseFrom));
        if (trainImages != null || valImages != null) {
            plan = plan.withImages(trainImages == null ? plan.trainImages() : trainImages, valImages == null ? plan.validationImages() : valImages);
        }
        String runName = name == null ? arch.id() + "-" + p.id() : name;
        // --fresh empties only runs/<name>/, and only once that run holds its lock and its data loaded
        TrainingRun.Outcome o = StudyModels.train(study, runName, plan, fresh);
        EpochMetrics m = o.result().finalMetrics();
        System.out.printf("%s: %d epochs, val_accuracy %.4f, val_loss %.4f (epoch %d)%n", runName, o.history().size(),
                m.valAccuracy(), m.valLoss(), m.epoch());
        System.out.println("weights: " + o.weights().notice());
        System.out.println("saved " + o.model() + " and " + o.manifest());
        // the run's own curves, in its run folder: figures/ holds what the notebooks draw for the report
        var figures = new fer.viz.Figures(study.workspace().runs().resolve(runName), p, "");
        TrainingCurves.show(figures, o);
        System.out.println("figure " + study.workspace().show(figures.dir().resolve(TrainingCurves.figureName(arch) + ".png")));
        return 0;
    }
}
