package fer.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The training loop: epochs of mini-batch updates, validation after each epoch, the callbacks the caller passes
 * (ReduceLROnPlateau, EarlyStopping with best-weight restore, progress, live charts: {@link TrainingCallback}), a
 * checkpoint every epoch and the history appended to CSV as it goes.
 *
 * <p>Resumable: everything needed to continue lives in the run directory ({@code checkpoint-epoch-N.zip}
 * with the updater state, {@code state.properties}, {@code history.csv}, {@code best-weights.zip}). Files
 * are written to a temporary name and renamed, and the state file, written last, names the checkpoint it
 * belongs to; so a run killed at any moment ({@code kill -9}) resumes from its last finished epoch.
 */
public final class Trainer {
    public static final String STATE = "state.properties";
    public static final String HISTORY = "history.csv";
    public static final String BEST = "best-weights.zip";
    static final String CHECKPOINT_PREFIX = "checkpoint-epoch-";
    static final String RNG_ROOT = "rng.root_state";
    static final String RNG_NODE = "rng.node_state";

    /** What a run produced. */
    public record Result(ComputationGraph net, History history, int resumedFromEpoch, boolean stoppedEarly,
                         int bestEpoch, boolean restoredBest) {
        /** The epoch whose metrics describe the returned weights. */
        public EpochMetrics finalMetrics() {
            if (restoredBest) {
                for (EpochMetrics m : history.epochs()) if (m.epoch() == bestEpoch) return m;
            }
            return history.last();
        }
    }

    private final TrainConfig config;
    private final Path runDir;
    private boolean releaseBatches;
    private int batchesHint = -1;

    public Trainer(TrainConfig config, Path runDir) {
        this.config = config;
        this.runDir = runDir;
    }

    /**
     * Frees each batch's native buffers right after use. Only for iterators that build fresh arrays
     * per batch: one that hands out arrays it keeps (an in-memory list) would lose its data.
     */
    public Trainer releaseBatches(boolean release) {
        this.releaseBatches = release;
        return this;
    }

    /** Batches per epoch, when the caller knows (iterators do not say): gives an ETA from the first epoch on. */
    public Trainer batchesPerEpoch(int batches) {
        this.batchesHint = batches;
        return this;
    }

    /** The epochs already finished in {@code runDir} (0 when it holds no checkpoint). */
    public static int epochsDone(Path runDir) {
        Path state = runDir.resolve(STATE);
        if (!Files.exists(state)) return 0;
        return Integer.parseInt(readState(state).getProperty("epochs_done", "0"));
    }

    /**
     * Trains, resuming from the run directory's last checkpoint if there is one; {@code fresh} builds the
     * starting network (e.g. with ImageNet weights) and is called only when there is nothing to resume.
     * {@code callbacks} take part in every epoch in their order (see {@link TrainingCallback}); the config's own
     * schedule ({@link TrainConfig#callbacks()}) is one such list.
     */
    public Result fit(Supplier<ComputationGraph> fresh, DataSetIterator train, DataSetIterator validation,
                      List<? extends TrainingCallback> callbacks) {
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create run directory " + runDir + ": " + fer.FileErrors.cause(e), e);
        }
        Path stateFile = runDir.resolve(STATE);
        Path historyFile = runDir.resolve(HISTORY);
        ComputationGraph net;
        int done;
        double lr;
        History history;
        boolean stopped = false;
        int bestEpoch = -1;
        boolean restoreBest = false;
        String note;
        if (Files.exists(stateFile)) {
            Properties state = readState(stateFile);
            done = Integer.parseInt(state.getProperty("epochs_done"));
            Path ckpt = runDir.resolve(state.getProperty("checkpoint"));
            net = restore(ckpt);
            lr = Double.parseDouble(state.getProperty("learning_rate"));
            net.setLearningRate(lr);
            // the dropout generator where the uninterrupted run had it after this epoch (restoring the net may reseed it)
            if (state.getProperty(RNG_ROOT) != null) {
                Nd4j.getRandom().setStates(Long.parseLong(state.getProperty(RNG_ROOT)), Long.parseLong(state.getProperty(RNG_NODE)));
            }
            for (TrainingCallback c : callbacks) c.restoreState(state);
            stopped = Boolean.parseBoolean(state.getProperty("stopped_early", "false"));
            bestEpoch = Integer.parseInt(state.getProperty("best_epoch", state.getProperty("early_stopping.best_epoch", "-1")));
            restoreBest = Boolean.parseBoolean(state.getProperty("restore_best", "false"));
            // a kill mid-append leaves a torn last row: cut it before reading, and say so
            String repaired = fer.AppendLog.repair(historyFile);
            // the checkpoint's own copy of the history is the truth (a full disk may have cut history.csv short)
            History saved = History.fromState(state, done);
            history = saved != null ? History.rewrite(historyFile, saved) : History.truncate(historyFile, done);
            note = "resumed from " + ckpt.getFileName() + " after epoch " + done + " of " + config.epochs()
                    + (repaired == null ? "" : "; " + repaired);
        } else {
            // DL4J's init seeds ND4J's generator from the network's seed: a fresh run's dropout masks need no help
            net = fresh.get();
            done = 0;
            lr = config.optimizer().learningRate();
            history = new History();
            try {
                Files.deleteIfExists(historyFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            note = "training " + config.epochs() + " epochs, " + config.optimizer() + ", batch " + config.batchSize() + ", "
                    + String.format(Locale.ROOT, "%,d", net.numParams()) + " parameters";
        }
        int resumedFrom = done;
        for (TrainingCallback c : callbacks) c.onTrainBegin(config.epochs(), note);

        TrainingAccuracy accuracy = new TrainingAccuracy(net);
        net.setListeners(accuracy);
        int expectedBatches = batchesHint;
        // shuffle order and augmentation are functions of (seed, epoch, position): the iterator starts at the epoch after
        // the checkpoint, as the uninterrupted run's did (it started at 0 whatever the resume point, issue 26 case 6)
        if (train instanceof fer.augment.FerBatches batches && batches.epoch() != done) batches.setEpoch(done);
        for (int epoch = done + 1; epoch <= config.epochs() && !stopped; epoch++) {
            long t0 = System.nanoTime();
            accuracy.reset();
            train.reset();
            double lossSum = 0;
            long images = 0;
            int batch = 0;
            while (train.hasNext()) {
                DataSet ds = train.next();
                int n = (int) ds.getFeatures().size(0);
                accuracy.nextBatch(ds.getLabels());
                net.fit(ds);
                lossSum += net.score() * n;
                images += n;
                batch++;
                if (releaseBatches) release(ds);
                double secs = (System.nanoTime() - t0) / 1e9;
                double eta = expectedBatches > 0 ? secs / batch * (expectedBatches - batch) : Double.NaN;
                var b = new TrainingCallback.Batch(epoch, config.epochs(), batch, expectedBatches, lossSum / images,
                        accuracy.accuracy(), images / secs, eta);
                for (TrainingCallback c : callbacks) c.onBatchEnd(b);
            }
            if (images == 0) throw new IllegalStateException("training iterator yielded no batches in epoch " + epoch);
            expectedBatches = batch;
            double[] val = evaluate(net, validation, releaseBatches);
            EpochMetrics m = new EpochMetrics(epoch, lossSum / images, accuracy.accuracy(), val[0], val[1], lr,
                    (System.nanoTime() - t0) / 1e9);
            history.add(m);

            EpochControl control = new EpochControl(lr);
            for (TrainingCallback c : callbacks) c.onEpochEnd(m, control);
            if (control.keepBest()) {
                bestEpoch = epoch;
                restoreBest |= control.restoreBestAtEnd();
                if (control.restoreBestAtEnd()) saveAtomically(net, runDir.resolve(BEST), false);
            }
            stopped = control.stopped();
            if (control.learningRate() != lr) {
                lr = control.learningRate();
                net.setLearningRate(lr);
            }
            checkpoint(net, epoch, lr, callbacks, stopped, bestEpoch, restoreBest, history);
            History.append(historyFile, m);
            for (TrainingCallback c : callbacks) c.onEpochDone(m, control.notes());
        }
        boolean restored = false;
        if (restoreBest && bestEpoch > 0 && history.last() != null && history.last().epoch() != bestEpoch
                && Files.exists(runDir.resolve(BEST))) {
            ComputationGraph best = restore(runDir.resolve(BEST));
            net.setParams(best.params());
            restored = true;
        }
        net.setListeners();
        Result result = new Result(net, history, resumedFrom, stopped, bestEpoch, restored);
        for (TrainingCallback c : callbacks) c.onTrainEnd(result);
        return result;
    }

    /** Validation loss (mean categorical cross-entropy) and accuracy, dropout off. */
    public static double[] evaluate(ComputationGraph net, DataSetIterator data) {
        return evaluate(net, data, false);
    }

    static double[] evaluate(ComputationGraph net, DataSetIterator data, boolean releaseBatches) {
        data.reset();
        double loss = 0;
        long correct = 0;
        long n = 0;
        while (data.hasNext()) {
            DataSet ds = data.next();
            INDArray p = net.outputSingle(false, ds.getFeatures());
            INDArray y = ds.getLabels().castTo(p.dataType());
            // Keras' val_loss is computed from the logits (no clipping): log p is the same until p underflows float32,
            // so clip only there (Models.crossEntropy; KerasCallbacksTest checks confident mistakes against Keras)
            INDArray logp = Transforms.log(Transforms.max(p, Float.MIN_VALUE), false);
            loss -= logp.mul(y).sumNumber().doubleValue();
            correct += p.argMax(1).eq(y.argMax(1)).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
            n += y.size(0);
            p.close();
            if (releaseBatches) release(ds);
        }
        if (n == 0) throw new IllegalStateException("validation iterator yielded no examples");
        return new double[] {loss / n, (double) correct / n};
    }

    private void checkpoint(ComputationGraph net, int epoch, double lr, List<? extends TrainingCallback> callbacks, boolean stopped,
                            int bestEpoch, boolean restoreBest, History history) {
        String name = String.format(Locale.ROOT, "%s%03d.zip", CHECKPOINT_PREFIX, epoch);
        saveAtomically(net, runDir.resolve(name), true);
        Properties p = new Properties();
        p.setProperty("epochs_done", Integer.toString(epoch));
        p.setProperty("checkpoint", name);
        p.setProperty("learning_rate", Double.toString(lr));
        p.setProperty("stopped_early", Boolean.toString(stopped));
        p.setProperty("best_epoch", Integer.toString(bestEpoch));
        p.setProperty("restore_best", Boolean.toString(restoreBest));
        for (TrainingCallback c : callbacks) c.saveState(p);
        History.toState(history, p);
        // the dropout generator's state after this epoch: a resume continues the same sequence of masks
        p.setProperty(RNG_ROOT, Long.toString(Nd4j.getRandom().rootState()));
        p.setProperty(RNG_NODE, Long.toString(Nd4j.getRandom().nodeState()));
        writeState(runDir.resolve(STATE), p);
        // only now is the previous checkpoint unreferenced
        try (Stream<Path> files = Files.list(runDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String fn = f.getFileName().toString();
                if (fn.startsWith(CHECKPOINT_PREFIX) && !fn.equals(name)) Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean old checkpoints in " + runDir, e);
        }
    }

    /**
     * Writes {@code net} in DL4J's model-zip layout (readable by {@code ModelSerializer}) without
     * compression: deflating VGG16's 250 MB of parameters and Adam state took seconds per epoch.
     */
    static void saveAtomically(ComputationGraph net, Path target, boolean withUpdater) {
        // temp file beside the target, renamed into place; on a full disk it is removed and the message names the cause
        fer.AtomicFiles.write(target, file -> {
            java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(file);
            zip.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
            zip.putNextEntry(new java.util.zip.ZipEntry("configuration.json"));
            zip.write(net.getConfiguration().toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
            writeArray(zip, "coefficients.bin", net.params());
            INDArray state = withUpdater && net.getUpdater() != null ? net.getUpdater().getStateViewArray() : null;
            if (state != null && state.length() > 0) writeArray(zip, "updaterState.bin", state);
            zip.close(); // closes only the zip: the file is forced and renamed by AtomicFiles
        });
    }

    private static void writeArray(java.util.zip.ZipOutputStream zip, String entry, INDArray a) throws IOException {
        zip.putNextEntry(new java.util.zip.ZipEntry(entry));
        java.io.DataOutputStream out = new java.io.DataOutputStream(zip);
        Nd4j.write(a, out);
        out.flush();
        zip.closeEntry();
    }

    static ComputationGraph restore(Path zip) {
        try {
            return ModelSerializer.restoreComputationGraph(zip.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot restore checkpoint " + zip + ": " + e.getMessage(), e);
        }
    }

    static Properties readState(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + fer.FileErrors.cause(e), e);
        }
        for (String key : new String[] {"epochs_done", "checkpoint", "learning_rate"}) {
            if (p.getProperty(key) == null) throw new IllegalStateException(file + ": missing key '" + key + "'");
        }
        return p;
    }

    private static void writeState(Path file, Properties p) {
        fer.AtomicFiles.write(file, out -> p.store(out, "training state: resume point of this run directory"));
    }

    /** Frees a batch's native buffers now rather than at some later GC: allocation churn is costly (STACK-NOTES). */
    private static void release(DataSet ds) {
        for (INDArray a : new INDArray[] {ds.getFeatures(), ds.getLabels()}) {
            if (a != null && a.closeable()) a.close();
        }
    }

}
