package fer.cli;

import fer.Study;
import fer.data.Datasets;
import fer.explain.ClassMeans;
import fer.explain.ExplainBench;
import fer.explain.GradientModel;
import fer.explain.ImageFaces;
import fer.explain.Methods;
import fer.explain.SaliencyMethod;
import fer.explain.SaliencyStudy;
import picocli.CommandLine.Mixin;
import fer.data.SplitDataset;
import fer.model.Architecture;
import fer.train.StudyModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fer explain}: saliency maps (Figure 17 and companions) for test faces or any image file. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Saliency maps of a trained model: vanilla gradient, SmoothGrad, Integrated Gradients, Grad-CAM, occlusion.",
            "With --sample N: N seeded test faces (Figure 17), one face for every class, mean maps per class.",
            "With --image FILE: that image, converted to gray and resized to the model's input as a whole "
                    + "(face detection and cropping come with the real-time step).",
            "Writes PNGs and the maps as .npy arrays under --out."})
public final class ExplainCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "custom",
            description = "custom | baseline | small (the profile's study model), a name under models/, or a model .zip (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--image", description = "an image file (PNG, JPEG, BMP, GIF) to explain")
    Path image;

    @Option(names = "--sample", description = "explain N seeded random test faces")
    Integer sample;

    @Option(names = "--method", defaultValue = "vanilla,smoothgrad,ig,gradcam,occlusion",
            description = "comma-separated: " + Methods.NAMES + " (default: ${DEFAULT-VALUE})")
    String methods;

    @Option(names = "--score", defaultValue = "logit", description = "logit (pre-softmax, the report's) | probability")
    String score;

    @Option(names = "--seed", defaultValue = "17", description = "sample and SmoothGrad noise seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", description = "output folder (default: runs/explain/<model>)")
    Path out;

    @Mixin StudyOptions options;

    @Option(names = "--bench", description = "time the methods instead (small CNN batch of 64; SmoothGrad/IG per image on the custom VGG16)")
    boolean bench;

    @Option(names = "--repeats", defaultValue = "5", description = "timed runs per --bench measurement (default: ${DEFAULT-VALUE})")
    int repeats;

    @Override
    public Integer call() {
        Study s = options.study();
        if (bench) {
            Path custom = StudyModels.zip(s.workspace(), s.profile(), Architecture.CUSTOM);
            StudyModels.Saved vgg = Files.isRegularFile(custom) ? StudyModels.load(custom) : null;
            System.out.println(vgg == null ? "custom VGG16: no saved model, timing a fresh paper-width one" : "custom VGG16: " + vgg.zip());
            ExplainBench.run(vgg == null ? null : vgg.net(), vgg == null ? null : SaliencyStudy.inputOf(vgg), repeats, System.out);
            return 0;
        }
        if ((image == null) == (sample == null)) throw new IllegalArgumentException("give exactly one of --image FILE or --sample N");
        StudyModels.Saved saved = StudyModels.load(StudyModels.find(model, s));
        GradientModel.Score sc = switch (score.toLowerCase(Locale.ROOT)) {
            case "logit" -> GradientModel.Score.LOGIT;
            case "probability", "prob" -> GradientModel.Score.PROBABILITY;
            default -> throw new IllegalArgumentException("--score: expected logit or probability, got '" + score + "'");
        };
        SaliencyStudy.Config cfg = SaliencyStudy.Config.defaults().withMethods(methods).withSeed(seed).withScore(sc)
                .withSampleSize(sample == null ? 1 : sample);
        SaliencyStudy study = SaliencyStudy.of(saved, cfg);
        Path dir = out != null ? out : s.workspace().runs().resolve("explain").resolve(saved.name());
        SaliencyStudy.Faces faces;
        SplitDataset data = null;
        if (image != null) {
            faces = study.prepared(ImageFaces.read(image, study.model().inputShape()));
        } else {
            data = Datasets.loadSplit(s.data(), s.progress());
            faces = study.sample(data.test());
        }
        System.out.println("model " + saved.name() + " (" + study.model().inputShape() + "), " + faces.size() + " face(s), methods "
                + study.methods().stream().map(SaliencyMethod::id).toList());
        SaliencyStudy.Explained e = study.explain(faces, s.progress("saliency"));
        study.saveArrays(e, dir);
        write(study.figure(e), dir.resolve("fig17-saliency.png"));
        write(study.perClassFigure(faces, 0, s.progress("per-class saliency")), dir.resolve("saliency-per-class.png"));
        if (data != null) {
            ClassMeans means = study.classMeans(data.test(), s.progress("class means"));
            write(study.classMeanFigure(means), dir.resolve("saliency-class-means.png"));
            System.out.println(means.reading());
        }
        for (int i = 0; i < faces.size(); i++) {
            int t = faces.trueLabels()[i];
            System.out.printf("face %d (%s): predicted %s %.0f%%%s%n", i, faces.sources()[i], study.classes().get(e.predicted()[i]),
                    100 * e.confidence()[i], t < 0 ? "" : ", true " + study.classes().get(t));
        }
        System.out.println("wrote " + dir + "/: fig17-saliency.png, saliency-per-class.png, " + (data != null ? "saliency-class-means.png, " : "")
                + "faces.csv, faces.npy, "
                + String.join(".npy, ", e.maps().keySet()) + ".npy");
        return 0;
    }

    private static void write(BufferedImage img, Path png) {
        try {
            Files.createDirectories(png.getParent());
            ImageIO.write(img, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + png, e);
        }
    }
}
