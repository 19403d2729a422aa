package fer.live;

import fer.Profile;
import fer.Project;
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

    public static StudyModels.Saved resolve(String nameOrPath, Profile profile) {
        String s = nameOrPath.trim();
        Path asPath = Path.of(s);
        if (Files.isRegularFile(asPath)) return load(asPath);
        Path named = Project.models().resolve(s.endsWith(".zip") ? s : s + ".zip");
        if (Files.isRegularFile(named)) return load(named);
        if (s.equalsIgnoreCase("faceapi") || s.equalsIgnoreCase(FaceApiModel.NAME)) {
            return FaceApiModel.load().orElseThrow(() -> new LiveException(FaceApiModel.availability()));
        }
        for (Architecture a : Architecture.values()) {
            if (a.id().equalsIgnoreCase(s)) return StudyModels.loadOrTrain(profile, a);
        }
        throw new LiveException("no model '" + s + "': expected a saved model zip, a name under " + Project.models()
                + " (found: " + String.join(", ", saved()) + ") or one of small, custom, baseline, faceapi");
    }

    private static StudyModels.Saved load(Path zip) {
        try {
            return StudyModels.load(zip);
        } catch (IllegalArgumentException e) {
            throw new LiveException(e.getMessage(), e);
        }
    }

    /** Names of the models saved under {@code models/}. */
    public static List<String> saved() {
        if (!Files.isDirectory(Project.models())) return List.of();
        try (Stream<Path> s = Files.list(Project.models())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".zip"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
