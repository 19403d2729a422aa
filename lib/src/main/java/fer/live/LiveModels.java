package fer.live;

import fer.Study;
import fer.model.Architecture;
import fer.train.FaceApiModel;
import fer.train.StudyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the model {@code fer live --model} names: a path to a saved zip, a name under {@code models/}
 * ({@code custom-vgg16-quick}), or an architecture of the study ({@code small}, {@code custom},
 * {@code baseline}: the current profile's model, trained first when missing), or {@code faceapi}: the
 * real-face model imported from face-api's npm package.
 */
public final class LiveModels {
    private LiveModels() {}

    public static StudyModels.Saved resolve(String nameOrPath, Study study) {
        String s = nameOrPath.trim();
        Path asPath = Path.of(s);
        if (Files.isRegularFile(asPath)) return load(asPath);
        Path models = study.workspace().models();
        Path named = models.resolve(s.endsWith(".zip") ? s : s + ".zip");
        if (Files.isRegularFile(named)) return load(named);
        if (s.equalsIgnoreCase("faceapi") || s.equalsIgnoreCase(FaceApiModel.NAME)) {
            return FaceApiModel.load(study.workspace()).orElseThrow(() -> new LiveException(FaceApiModel.availability(study.workspace())));
        }
        for (Architecture a : Architecture.values()) {
            if (a.id().equalsIgnoreCase(s)) return StudyModels.loadOrTrain(study, a);
        }
        throw new LiveException("no model '" + s + "': expected a saved model zip, a name under " + models
                + " (found: " + String.join(", ", saved(models)) + ") or one of small, custom, baseline, faceapi");
    }

    private static StudyModels.Saved load(Path zip) {
        try {
            return StudyModels.load(zip);
        } catch (IllegalArgumentException e) {
            throw new LiveException(e.getMessage(), e);
        }
    }

    /** Names of the models saved in {@code models}. */
    public static List<String> saved(Path models) {
        if (!Files.isDirectory(models)) return List.of();
        try (Stream<Path> s = Files.list(models)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".zip"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
