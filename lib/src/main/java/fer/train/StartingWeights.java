package fer.train;

import fer.model.BaseTransfer;
import fer.model.ModelSpec;
import fer.model.Models;
import fer.model.PretrainedWeights;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The network a run starts from when it has no checkpoint to resume: built from the plan's spec, its VGG16 base from
 * ImageNet weights (when the options find them) or from another model's trained base, frozen if asked. Where the
 * weights came from is written to {@code runs/NAME/weights.properties}, so a run resumed in another process still says.
 */
final class StartingWeights implements Supplier<ComputationGraph> {
    static final String FILE = "weights.properties";

    private final ModelSpec spec;
    private final fer.model.Optimizer optimizer;
    private final Path baseZip;
    private final PretrainedWeights.Options options;
    private final Path runDir;
    private final fer.Progress progress;
    private PretrainedWeights.Result result;

    /** {@code baseZip}: a saved model whose base is copied in, or null for ImageNet weights (else random). */
    StartingWeights(ModelSpec spec, fer.model.Optimizer optimizer, Path baseZip, PretrainedWeights.Options options, Path runDir,
                    fer.Progress progress) {
        this.spec = spec;
        this.optimizer = optimizer;
        this.baseZip = baseZip;
        this.options = options;
        this.runDir = runDir;
        this.progress = progress;
        this.result = read(runDir.resolve(FILE));
    }

    @Override
    public ComputationGraph get() {
        ComputationGraph net = Models.build(spec.freezeBase() ? spec.withFreezeBase(false) : spec, optimizer);
        result = baseZip == null ? PretrainedWeights.applyImageNet(net, spec.architecture(), options) : copyBase(net);
        write(runDir.resolve(FILE), result);
        if (result.source() != PretrainedWeights.Source.NOT_APPLICABLE) progress.log(result.notice());
        // freeze after the weights are in: frozen layers copy their parameters at wrapping time
        return spec.freezeBase() && spec.architecture().usesVgg() ? Models.freezeBase(net) : net;
    }

    /** Where the run's starting weights came from (from the run folder when it resumed). */
    PretrainedWeights.Result result() {
        return result != null ? result : new PretrainedWeights.Result(PretrainedWeights.Source.RANDOM_INIT, "unknown (run state lost)");
    }

    /** Copies the trained base of {@code baseZip} into {@code net}; the result names the model and its val accuracy. */
    private PretrainedWeights.Result copyBase(ComputationGraph net) {
        if (!Files.isRegularFile(baseZip)) {
            throw new IllegalStateException(baseZip + ": missing; the " + spec.architecture().id() + " model starts from this model's "
                    + "trained base, so train it first (notebook 03 does, or fer train --model baseline)");
        }
        ComputationGraph base = ModelStore.load(baseZip);
        long values = BaseTransfer.copyBase(base, net, baseZip.toString());
        String file = baseZip.getFileName().toString();
        String name = file.endsWith(".zip") ? file.substring(0, file.length() - 4) : file;
        Path json = baseZip.resolveSibling(name + ".json");
        Map<String, Object> manifest = Files.isRegularFile(json) ? ModelStore.manifest(json) : Map.of();
        Object acc = manifest.get("metrics") instanceof Map<?, ?> mm ? mm.get("val_accuracy") : null;
        // "NAME (val_accuracy X)" first: figures quote the detail up to " from "
        return new PretrainedWeights.Result(PretrainedWeights.Source.PROJECT_BASE, String.format(Locale.ROOT,
                "%s (val_accuracy %s) from %s, %,d base parameters copied", name,
                acc instanceof Number n ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : "unknown", baseZip, values));
    }

    private static void write(Path file, PretrainedWeights.Result r) {
        Properties p = new Properties();
        p.setProperty("source", r.source().name());
        p.setProperty("detail", r.detail());
        fer.AtomicFiles.write(file, out -> p.store(out, "where the starting weights of this run came from"));
    }

    private static PretrainedWeights.Result read(Path file) {
        if (!Files.exists(file)) return null;
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return new PretrainedWeights.Result(PretrainedWeights.Source.valueOf(p.getProperty("source")), p.getProperty("detail"));
    }
}
