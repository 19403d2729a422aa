package fer.cli;

import fer.Workspace;
import fer.model.InputPreprocessing;
import fer.model.KerasImport;
import fer.train.ModelStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fer import ...}: models trained elsewhere, brought into {@code models/} with a manifest. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Bring a model trained elsewhere into models/ (NAME.zip + NAME.json), usable by evaluate, explain, live, predict and the notebooks.",
        subcommands = {ImportCommand.Keras.class})
public final class ImportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    /** {@code fer import keras FILE}: a Keras 3 {@code .keras} archive or a legacy {@code .h5} model file. */
    @Command(name = "keras", mixinStandardHelpOptions = true,
            description = "Import a Keras model (Keras 3 .keras or legacy .h5, e.g. trained in Colab): the report's default or custom "
                    + "VGG16 model, or any Sequential/Functional model of Conv2D, pooling, Dense, Dropout, BatchNormalization, ... layers.")
    static final class Keras implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "the model file: FILE.keras or FILE.h5")
        Path file;

        @Option(names = "--name", description = "model name under models/ (default: the file's name without extension)")
        String name;

        @Option(names = "--preprocess", defaultValue = "rescale",
                description = "how the model's training images were preprocessed: rescale (ImageDataGenerator(rescale=1/255), the report's), "
                        + "caffe (keras.applications.vgg16.preprocess_input) or tf (x/127.5 - 1); default: ${DEFAULT-VALUE}")
        String preprocess;

        @Option(names = "--classes", description = "the output columns' classes in order, comma-separated (default: flow_from_directory's "
                + "alphabetical order: angry,disgust,fear,happy,neutral,sad,surprise)")
        String classes;

        @Option(names = "--out", description = "folder to save into (default: models/)")
        Path out;

        @Override
        public Integer call() {
            if (name != null) fer.Names.check("model name", name);
            String stem = file.getFileName().toString().replaceFirst("\\.(keras|h5|hdf5)$", "");
            String model = name != null ? name : stem.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceFirst("^[.]+", "").replace("..", "-");
            if (model.isEmpty()) model = "keras-model";
            long t0 = System.nanoTime();
            KerasImport imported = KerasImport.of(file, model, InputPreprocessing.KerasMode.parse(preprocess),
                    classes == null ? null : KerasImport.parseClasses(classes));
            Map<String, Object> manifest = new LinkedHashMap<>(imported.manifest());
            manifest.put("git_commit", ModelStore.gitCommit());
            Path zip = ModelStore.save(imported.net(), out != null ? out : Workspace.fromEnvironment().models(), model, manifest);
            @SuppressWarnings("unchecked")
            Map<String, Object> source = (Map<String, Object>) manifest.get("source");
            System.out.printf("imported %s (Keras %s, %s, input %s, %,d parameters, preprocessing %s, Keras class order %s) as %s in %.1f s%n",
                    file, source.get("keras_version"), source.get("format"), ((Map<?, ?>) manifest.get("model")).get("input"),
                    imported.net().numParams(), preprocess, source.get("class_order"), zip, (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }
}
