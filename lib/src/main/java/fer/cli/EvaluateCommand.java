package fer.cli;

import fer.Profile;
import fer.Study;
import fer.data.Datasets;
import fer.evaluate.ModelEvaluation;
import fer.evaluate.Split;
import fer.evaluate.Tta;
import fer.train.StudyModels;
import picocli.CommandLine.Mixin;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fer evaluate}: classification report of a saved model on the test or validation split. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model: print its classification report and write it (text, CSV, JSON), the confusion "
                + "matrix and every prediction under runs/eval-MODEL-SPLIT/.")
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true,
            description = "default | custom | small (the profile's study model), a name under models/, or a path to a .zip")
    String model;

    @Option(names = "--split", defaultValue = "test", description = "test | val (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--tta", defaultValue = "none", description = "test-time augmentation: none | flip | tencrop (default: ${DEFAULT-VALUE})")
    String tta;

    @Mixin StudyOptions options;

    @Option(names = "--out", description = "folder for the files (default: runs/eval-MODEL-SPLIT/)")
    Path out;

    @Override
    public Integer call() {
        Split s = Split.parse(split);
        Tta t = Tta.parse(tta);
        Study study = options.study();
        StudyModels.Saved saved = StudyModels.load(StudyModels.find(model, study));
        // without --profile, the model's own profile decides which data it is evaluated on (quick: synthetic FER)
        Object trained = saved.manifest().get("profile");
        if (!options.profileGiven() && trained != null) study = study.withProfile(Profile.parse(trained.toString()));
        var data = Datasets.loadSplit(study.data(), study.progress());
        ModelEvaluation e = ModelEvaluation.run(saved, data, s, t, study.progress());
        System.out.println(e.text());
        Path dir = out == null ? e.save(study.workspace()) : e.save(out);
        System.out.println("wrote " + ModelEvaluation.FILES + (t == Tta.NONE ? "" : " and the -tta-" + t.id() + " files") + " to " + dir);
        return 0;
    }
}
