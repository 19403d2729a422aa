package fer.train;

import fer.model.Models;
import fer.model.PretrainedWeights;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The manifest saved beside a trained model ({@code models/NAME.json}): what was trained (architecture, head, variant),
 * on which data, how (optimizer, batch, schedule), from which weights, with which result, from which commit. Readers:
 * {@link StudyModels#load}, the figures' headers, the report.
 */
final class TrainingManifest {
    private TrainingManifest() {}

    static Map<String, Object> of(String name, TrainingPlan plan, TrainingData data, Trainer.Result r,
                                  PretrainedWeights.Result weights, Path runDir, String baseModel) {
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
        if (baseModel != null) w.put("base_model", baseModel);
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

}
