package fer.evaluate;

import fer.Profile;
import fer.data.DatasetConfig;
import fer.data.Datasets;
import fer.train.StudyModels;
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

    @Option(names = "--profile", description = "quick | paper: which dataset and study models (default: the model's manifest, else FER_PROFILE, else quick)")
    String profile;

    @Option(names = "--out", description = "folder for the files (default: runs/eval-MODEL-SPLIT/)")
    Path out;

    @Override
    public Integer call() {
        Split s = Split.parse(split);
        Tta t = Tta.parse(tta);
        Profile envProfile = profile == null ? Profile.fromEnvironment() : Profile.parse(profile);
        Path zip = StudyModels.find(model, envProfile);
        StudyModels.Saved saved = StudyModels.load(zip);
        Profile p = profile == null && saved.manifest().get("profile") != null
                ? Profile.parse(saved.manifest().get("profile").toString()) : envProfile;
        var data = Datasets.loadSplit(DatasetConfig.of(p));
        ModelEvaluation e = ModelEvaluation.run(saved, data, s, t);
        System.out.println(e.text());
        Path dir = out == null ? e.save() : e.save(out);
        System.out.println("wrote " + ModelEvaluation.FILES + (t == Tta.NONE ? "" : " and the -tta-" + t.id() + " files") + " to " + dir);
        return 0;
    }
}
