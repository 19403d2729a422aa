package fer.train;

import fer.Profile;
import fer.Study;
import fer.Workspace;
import fer.model.Architecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The study's trained models as the notebooks pass them along: notebook 03 saves them under
 * {@code models/} by a fixed name per profile, and tuning, evaluation, saliency and the real-time demo
 * load them from there, training them first when they are missing (a notebook run on its own still works).
 */
public final class StudyModels {
    /**
     * A saved model with what its manifest says about it; {@code architecture} is null for a model that is
     * none of the study's (an imported one such as {@code faceapi-expression}).
     */
    public record Saved(String name, Architecture architecture, ComputationGraph net, Map<String, Object> manifest, Path zip) {
        /** The dataset the model was trained on, as written on figures ("synthetic FER", "FER-2013"). */
        public String datasetName() {
            Object d = manifest.get("dataset");
            return d == null ? "unknown dataset" : d.toString();
        }
    }

    private StudyModels() {}

    /** The run and model name notebook 03 uses: {@code default-vgg16-quick}, {@code custom-vgg16-paper}, ... */
    public static String name(Profile profile, Architecture architecture) {
        String stem = switch (architecture) {
            case BASELINE -> "default-vgg16";
            case CUSTOM -> "custom-vgg16";
            case SMALL -> "small-cnn";
        };
        return stem + "-" + profile.id();
    }

    /** Where that model's zip lives in {@code w}. */
    public static Path zip(Workspace w, Profile profile, Architecture architecture) {
        return w.models().resolve(name(profile, architecture) + ".zip");
    }

    /**
     * The model file a command's {@code --model} names: a study model by role ({@code default}/{@code baseline},
     * {@code custom}, {@code small}) of the study's profile, {@code faceapi} and {@code fer2013-xception} (the imported real-face
     * models, imported from their cached npm packages on first use), a file path, or a name under {@code models/}. Never trains: a missing file
     * is an error naming the path and the models that are there.
     */
    public static Path find(String spec, Study study) {
        Path models = study.workspace().models();
        String a = spec.trim();
        Architecture role = role(a);
        Path zip;
        if (role != null) {
            zip = zip(study.workspace(), study.profile(), role);
        } else if (a.equalsIgnoreCase("faceapi") || a.equalsIgnoreCase(FaceApiModel.NAME)) {
            zip = FaceApiModel.MODEL.ensureSaved(study.workspace())
                    .orElseThrow(() -> new IllegalArgumentException(FaceApiModel.MODEL.availability(study.workspace())));
        } else if (a.equalsIgnoreCase(Fer2013XceptionModel.NAME)) {
            zip = Fer2013XceptionModel.MODEL.ensureSaved(study.workspace())
                    .orElseThrow(() -> new IllegalArgumentException(Fer2013XceptionModel.MODEL.availability(study.workspace())));
        } else {
            zip = a.contains("/") || a.endsWith(".zip") || Files.exists(Path.of(a)) ? Path.of(a) : models.resolve(a + ".zip");
        }
        if (!Files.isRegularFile(zip)) {
            throw new IllegalArgumentException(zip + ": no such model file (notebook 03 and `fer train` save models under "
                    + models + "; there: " + savedNames(models) + "; or one of default, custom, small, faceapi, fer2013-xception)");
        }
        return zip;
    }

    /**
     * As {@link #find}, loaded; a study model named by its role is trained first when it is missing ({@code fer live},
     * which should just work on a fresh clone).
     */
    public static Saved findOrTrain(String spec, Study study) {
        Architecture role = role(spec.trim());
        return role != null ? loadOrTrain(study, role) : load(find(spec, study));
    }

    /** The study architecture a role name means ({@code default}/{@code baseline}, {@code custom}, {@code small}), or null. */
    static Architecture role(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "default", "baseline" -> Architecture.BASELINE;
            case "custom" -> Architecture.CUSTOM;
            case "small" -> Architecture.SMALL;
            default -> null;
        };
    }

    /** The zips in {@code models}, comma-separated, or "none". */
    static String savedNames(Path models) {
        if (!Files.isDirectory(models)) return "none";
        try (var s = Files.list(models)) {
            var names = s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".zip")).sorted().toList();
            return names.isEmpty() ? "none" : String.join(", ", names);
        } catch (java.io.IOException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    /** Loads the model notebook 03 saved for the study's profile, training it with the profile's plan first when it is missing. */
    public static Saved loadOrTrain(Study study, Architecture architecture) {
        Path zip = zip(study.workspace(), study.profile(), architecture);
        if (!Files.isRegularFile(zip)) {
            String name = name(study.profile(), architecture);
            study.progress().log(study.workspace().show(zip) + " is missing (notebook 03 saves it): training it now as run " + name);
            train(study, name, TrainingPlan.of(study.profile(), architecture));
        }
        return load(zip);
    }

    /**
     * Trains {@code plan} as run {@code name} ({@link TrainingRun}), first training the study model whose base the plan
     * copies when that one is not saved yet; {@code extra} callbacks (e.g. {@link TrainingCurves#live}) join the plan's.
     */
    public static TrainingRun.Outcome train(Study study, String name, TrainingPlan plan, TrainingCallback... extra) {
        return train(study, name, plan, false, extra);
    }

    /** As {@link #train(Study, String, TrainingPlan, TrainingCallback...)}; {@code fresh} discards an earlier run of that name (not the base's). */
    public static TrainingRun.Outcome train(Study study, String name, TrainingPlan plan, boolean fresh, TrainingCallback... extra) {
        Path base = null;
        if (plan.baseFrom() != null) {
            base = zip(study.workspace(), plan.profile(), plan.baseFrom());
            if (!Files.isRegularFile(base)) loadOrTrain(study.withProfile(plan.profile()), plan.baseFrom());
        }
        return TrainingRun.run(study, name, plan, base, fresh, extra);
    }

    /** Loads any model saved by {@link ModelStore#save}: the zip and the manifest beside it. */
    public static Saved load(Path zip) {
        ComputationGraph net = ModelStore.load(zip);
        String file = zip.getFileName().toString();
        String name = file.endsWith(".zip") ? file.substring(0, file.length() - 4) : file;
        Path json = zip.resolveSibling(name + ".json");
        Map<String, Object> manifest = Files.isRegularFile(json) ? ModelStore.manifest(json) : Map.of();
        Object arch = manifest.get("architecture");
        Architecture a = arch == null ? null : Architecture.find(arch.toString()).orElse(null);
        return new Saved(name, a, net, manifest, zip);
    }
}
