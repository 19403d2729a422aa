package fer.train;

import fer.Project;
import fer.model.Models;
import fer.model.PretrainedWeights;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One model trained end to end, as notebook 03 and {@code fer train} do it: data for the plan's profile,
 * the network with ImageNet weights when available, the resumable training loop in
 * {@code runs/NAME/}, and the result saved as {@code models/NAME.zip} with its manifest.
 */
public final class TrainingRun {
    /** What a run produced. */
    public record Outcome(String name, TrainingPlan plan, Trainer.Result result, PretrainedWeights.Result weights,
                          String datasetName, int trainImages, Path model, Path manifest) {
        public History history() {
            return result.history();
        }

        public ComputationGraph net() {
            return result.net();
        }

        /**
         * What was trained, in one line for a figure's header: the variant, where its weights came from and the
         * epochs, e.g. "VGG16-BN at 1/4 width (16-32-64-128-128 filters) · base of default-vgg16-quick (val_accuracy 0.49)
         * · 6 of 6 epochs, adam(lr=3.0E-4), batch 32 · 2,880 training images".
         */
        public String variant() {
            var spec = plan.model();
            var cfg = plan.train();
            String from = switch (weights.source()) {
                case IMAGENET_DL4J_ZOO, IMAGENET_KERAS_H5 -> "ImageNet weights";
                case PROJECT_BASE -> "base of " + (weights.detail().contains(" from ")
                        ? weights.detail().substring(0, weights.detail().indexOf(" from ")) : weights.detail());
                case RANDOM_INIT, NOT_APPLICABLE -> "random init";
            };
            String epochs = String.format(java.util.Locale.ROOT, "%d of %d epochs%s%s, %s, batch %d", result.history().size(), cfg.epochs(),
                    result.stoppedEarly() ? " (early stop)" : "",
                    result.restoredBest() ? " (weights of epoch " + result.bestEpoch() + " kept)" : "", cfg.optimizer(), cfg.batchSize());
            return String.join(" · ", spec.architecture().usesVgg() ? spec.vggVariant() : "small CNN", from, epochs,
                    String.format(java.util.Locale.ROOT, "%,d training images", result.history().size() == 0 ? 0 : trainImages));
        }
    }

    private TrainingRun() {}

    /** Deletes {@code runs/NAME/} so the next run of that name starts from scratch instead of resuming. */
    public static void discard(String name) {
        Path dir = Project.runs().resolve(name);
        if (!Files.exists(dir)) return;
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete run directory " + dir, e);
        }
    }

    /** The report's figure for a model's training curves: Figure 9 (default model), 12 (custom), none for small. */
    public static String figureName(fer.model.Architecture a) {
        return switch (a) {
            case BASELINE -> "fig09-default-model-accuracy-loss";
            case CUSTOM -> "fig12-custom-model-accuracy-loss";
            case SMALL -> "small-cnn-accuracy-loss"; // not in the report: the quick profile's learning check
        };
    }

    /** Title of that figure. */
    public static String figureTitle(fer.model.Architecture a) {
        return switch (a) {
            case BASELINE -> "Default model (VGG16)";
            case CUSTOM -> "Custom model (VGG16 + GAP + Dense 4096/1024)";
            case SMALL -> "Small CNN";
        };
    }

    /**
     * Trains {@code plan} as run {@code name} under the project's runs/ and models/ folders. ImageNet
     * weights come from the caches; only the paper profile downloads them when they are missing.
     */
    public static Outcome run(String name, TrainingPlan plan) {
        PretrainedWeights.Options weights = PretrainedWeights.Options.defaults();
        // quick runs use cached weights only: a 500 MB download would not fit their minutes
        if (plan.profile() == fer.Profile.QUICK) weights = weights.offline();
        // a base to transfer must exist first: train it (under its study name) when notebook 03 has not
        if (plan.baseFrom() != null && Files.notExists(baseZip(plan, Project.models()))) {
            StudyModels.loadOrTrain(plan.profile(), plan.baseFrom());
        }
        return run(name, plan, Project.runs().resolve(name), Project.models(), weights);
    }

    /** Trains {@code plan}; resumes if {@code runDir} holds a checkpoint of an interrupted run. */
    public static Outcome run(String name, TrainingPlan plan, Path runDir, Path modelsDir, PretrainedWeights.Options weightOptions) {
        var spec = plan.model();
        TrainingData data = TrainingData.load(plan.profile(), spec.inputSide(), spec.channels(), plan.train().batchSize(),
                plan.trainImages(), plan.validationImages(), plan.train().seed());
        Path weightsFile = runDir.resolve("weights.properties");
        PretrainedWeights.Result[] weights = {readWeights(weightsFile)};
        int batches = (data.trainSize() + plan.train().batchSize() - 1) / plan.train().batchSize();
        Trainer.Result result = new Trainer(plan.train(), runDir).releaseBatches(true).batchesPerEpoch(batches).fit(() -> {
            ComputationGraph net = Models.build(spec.freezeBase() ? spec.withFreezeBase(false) : spec, plan.train().optimizer());
            weights[0] = plan.baseFrom() == null ? PretrainedWeights.applyImageNet(net, spec.architecture(), weightOptions)
                    : copyBase(plan, modelsDir, net);
            writeWeights(runDir, weights[0]);
            // the notebook shows the notice in its own cell; the console needs it here
            if (weights[0].source() != PretrainedWeights.Source.NOT_APPLICABLE && !fer.viz.Display.inKernel()) {
                System.out.println(weights[0].notice());
            }
            // freeze after the weights are in: frozen layers copy their parameters at wrapping time
            return spec.freezeBase() && spec.architecture().usesVgg() ? Models.freezeBase(net) : net;
        }, data.train(), data.validation());
        if (weights[0] == null) weights[0] = new PretrainedWeights.Result(PretrainedWeights.Source.RANDOM_INIT, "unknown (run state lost)");

        Map<String, Object> manifest = manifest(name, plan, data, result, weights[0], runDir);
        Path zip = ModelStore.save(result.net(), modelsDir, name, manifest);
        return new Outcome(name, plan, result, weights[0], data.datasetName(), data.trainSize(), zip, modelsDir.resolve(name + ".json"));
    }

    /** The saved model whose base {@code plan} starts from. */
    static Path baseZip(TrainingPlan plan, Path modelsDir) {
        return modelsDir.resolve(StudyModels.name(plan.profile(), plan.baseFrom()) + ".zip");
    }

    /** Copies the trained base named by the plan into {@code net}; the result names the file and its val accuracy. */
    private static PretrainedWeights.Result copyBase(TrainingPlan plan, Path modelsDir, ComputationGraph net) {
        Path zip = baseZip(plan, modelsDir);
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + ": missing; the " + plan.model().architecture().id() + " model starts from the trained "
                    + plan.baseFrom().id() + " model's base, so train that first (notebook 03 does, or fer train --model " + plan.baseFrom().id() + ")");
        }
        StudyModels.Saved base = StudyModels.load(zip);
        long values = fer.model.BaseTransfer.copyBase(base.net(), net, zip.toString());
        String where = Files.exists(Project.root()) && zip.startsWith(Project.root()) ? Project.root().relativize(zip).toString() : zip.toString();
        Object acc = base.manifest().get("metrics") instanceof Map<?, ?> mm ? mm.get("val_accuracy") : null;
        // "NAME (val_accuracy X)" first: figures quote the detail up to " from "
        return new PretrainedWeights.Result(PretrainedWeights.Source.PROJECT_BASE, String.format(java.util.Locale.ROOT,
                "%s (val_accuracy %s) from %s, %,d base parameters copied", base.name(),
                acc instanceof Number n ? String.format(java.util.Locale.ROOT, "%.3f", n.doubleValue()) : "unknown", where, values));
    }

    static Map<String, Object> manifest(String name, TrainingPlan plan, TrainingData data, Trainer.Result r,
                                        PretrainedWeights.Result weights, Path runDir) {
        var spec = plan.model();
        var cfg = plan.train();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("architecture", spec.architecture().id());
        m.put("profile", plan.profile().id());
        m.put("dataset", data.datasetName());
        m.put("train_images", data.trainSize());
        m.put("validation_images", data.validationSize());
        m.put("classes", data.classes().stream().map(Enum::name).toList());
        m.put("seed", cfg.seed());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("input", spec.inputSide() + "x" + spec.inputSide() + "x" + spec.channels());
        boolean small = spec.architecture() == fer.model.Architecture.SMALL;
        // the small CNN has one dense layer (dense2) with one dropout (dropout1); the baseline has none
        if (spec.architecture() == fer.model.Architecture.CUSTOM) {
            boolean three = spec.dense3() > 0;
            model.put("dense", three ? new int[] {spec.dense1(), spec.dense2(), spec.dense3()} : new int[] {spec.dense1(), spec.dense2()});
            model.put("dropout_rate", three ? new double[] {spec.dropout1(), spec.dropout2(), spec.dropout3()}
                    : new double[] {spec.dropout1(), spec.dropout2()});
            model.put("dense_activation", spec.denseActivation());
        } else if (small) {
            model.put("dense", new int[] {spec.dense2()});
            model.put("dropout_rate", new double[] {spec.dropout1()});
        }
        model.put("freeze_base", spec.freezeBase());
        if (spec.architecture().usesVgg()) {
            model.put("variant", spec.vggVariant());
            model.put("base_width", spec.baseWidth());
            model.put("batch_norm", spec.batchNorm());
        }
        model.put("model_seed", spec.seed());
        model.put("class_weights", spec.classWeights());
        m.put("model", model);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("optimizer", cfg.optimizer().toString());
        training.put("batch_size", cfg.batchSize());
        training.put("max_epochs", cfg.epochs());
        training.put("reduce_lr_on_plateau", cfg.reduceLr() == null ? null : cfg.reduceLr().toString());
        training.put("early_stopping", cfg.earlyStopping() == null ? null : cfg.earlyStopping().toString());
        m.put("training", training);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("source", weights.source().name());
        w.put("pretrained", weights.source().pretrained());
        w.put("detail", weights.detail());
        if (plan.baseFrom() != null) w.put("base_model", StudyModels.name(plan.profile(), plan.baseFrom()));
        w.put("notice", weights.notice());
        m.put("weights", w);
        m.put("parameters", Map.of("total", r.net().numParams(), "trainable", Models.trainableParams(r.net())));
        Map<String, Object> metrics = new LinkedHashMap<>();
        EpochMetrics fin = r.finalMetrics();
        metrics.put("epochs_run", r.history().size());
        metrics.put("stopped_early", r.stoppedEarly());
        metrics.put("best_epoch", r.bestEpoch());
        metrics.put("restored_best_weights", r.restoredBest());
        metrics.put("resumed_from_epoch", r.resumedFromEpoch());
        if (fin != null) {
            metrics.put("epoch", fin.epoch());
            metrics.put("accuracy", fin.accuracy());
            metrics.put("loss", fin.loss());
            metrics.put("val_accuracy", fin.valAccuracy());
            metrics.put("val_loss", fin.valLoss());
        }
        m.put("metrics", metrics);
        m.put("history", runDir.resolve(Trainer.HISTORY).toString());
        m.put("git_commit", ModelStore.gitCommit());
        m.put("backend", Nd4j.getBackend().getClass().getSimpleName());
        m.put("created_utc", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return m;
    }

    private static void writeWeights(Path runDir, PretrainedWeights.Result r) {
        Properties p = new Properties();
        p.setProperty("source", r.source().name());
        p.setProperty("detail", r.detail());
        try {
            Files.createDirectories(runDir);
            try (OutputStream out = Files.newOutputStream(runDir.resolve("weights.properties"))) {
                p.store(out, "where the starting weights of this run came from");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + runDir.resolve("weights.properties"), e);
        }
    }

    private static PretrainedWeights.Result readWeights(Path file) {
        if (!Files.exists(file)) return null;
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return new PretrainedWeights.Result(PretrainedWeights.Source.valueOf(p.getProperty("source")), p.getProperty("detail"));
    }
}
