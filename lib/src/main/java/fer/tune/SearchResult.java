package fer.tune;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A finished search: every trial's last snapshot in trial order, the best one, the results table (Keras
 * Tuner's {@code results_summary()}), the best-so-far trajectory against images trained, and best.json.
 */
public record SearchResult(SearchConfig config, String datasetName, int trainImages, List<TrialRecord> trials, Path dir,
                           double seconds, int keptFromLog) {
    /** The best hyperparameters' file name inside the search directory. */
    public static final String BEST = "best.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public SearchResult {
        trials = List.copyOf(trials);
    }

    /**
     * The best trial: highest objective; among equal objectives the one with fewer epochs, then the earlier.
     * Null when every trial failed.
     */
    public TrialRecord best() {
        return trials.stream().filter(TrialRecord::hasObjective)
                .min(Comparator.comparingDouble((TrialRecord r) -> -r.objective()).thenComparingInt(TrialRecord::epochs)
                        .thenComparingInt(TrialRecord::trial))
                .orElse(null);
    }

    /** Of several searches, the one whose best trial is best (null if all failed). */
    public static SearchResult bestOf(List<SearchResult> results) {
        SearchResult winner = null;
        for (SearchResult r : results) {
            if (r.best() != null && (winner == null || r.best().objective() > winner.best().objective())) winner = r;
        }
        return winner;
    }

    /** Images trained in all (samples x epochs over every trial). */
    public long imagesTrained() {
        return searched().mapToLong(TrialRecord::images).sum();
    }

    /** Trials with each status. */
    public long count(TrialStatus s) {
        return trials.stream().filter(t -> t.status() == s).count();
    }

    /** The search's own trials: the budget, the trajectory and the figures leave manual trials out. */
    public List<TrialRecord> searchTrials() {
        return searched().toList();
    }

    private java.util.stream.Stream<TrialRecord> searched() {
        return trials.stream().filter(t -> t.status() != TrialStatus.MANUAL);
    }

    /** Best objective so far after each trial: {@code [cumulative images, best]} pairs in trial order. */
    public List<double[]> trajectory() {
        List<double[]> out = new ArrayList<>();
        long images = 0;
        double best = Double.NaN;
        for (TrialRecord t : searched().toList()) {
            images += t.images();
            if (t.hasObjective() && (Double.isNaN(best) || t.objective() > best)) best = t.objective();
            out.add(new double[] {images, best});
        }
        return out;
    }

    /** The best objective reached within {@code images} images trained (NaN if none by then). */
    public double bestWithin(long images) {
        double best = Double.NaN;
        for (double[] p : trajectory()) if (p[0] <= images && !Double.isNaN(p[1])) best = p[1];
        return best;
    }

    /** One row per trial, best first (failed last), with every hyperparameter as a column. */
    public Table table() {
        List<TrialRecord> sorted = new ArrayList<>(trials);
        sorted.sort(Comparator.comparingDouble((TrialRecord r) -> r.hasObjective() ? -r.objective() : Double.POSITIVE_INFINITY)
                .thenComparingInt(TrialRecord::trial));
        IntColumn trial = IntColumn.create("trial");
        StringColumn status = StringColumn.create("status");
        DoubleColumn objective = DoubleColumn.create("val_accuracy");
        IntColumn rung = IntColumn.create("rung");
        IntColumn epochs = IntColumn.create("epochs");
        Map<String, StringColumn> params = new LinkedHashMap<>();
        for (String p : config.space().names()) params.put(p, StringColumn.create(p));
        DoubleColumn secs = DoubleColumn.create("seconds");
        StringColumn error = StringColumn.create("error");
        for (TrialRecord r : sorted) {
            trial.append(ManualTrials.number(r));
            status.append(r.status().id());
            if (r.hasObjective()) objective.append(Math.round(r.objective() * 10000) / 10000.0);
            else objective.appendMissing();
            rung.append(r.rung());
            epochs.append(r.epochs());
            for (var e : params.entrySet()) {
                Object v = r.hyperparameters().get(e.getKey());
                e.getValue().append(v == null ? "" : Param.format(v).replace("'", ""));
            }
            secs.append(Math.round(r.seconds() * 10) / 10.0);
            error.append(r.error() == null ? "" : r.error());
        }
        Table t = Table.create(config.dirName() + " (" + config.strategy().id() + "): trials by validation accuracy", trial, status,
                objective);
        if (config.strategy() == Strategy.HALVING) t.addColumns(rung);
        t.addColumns(epochs);
        params.values().forEach(t::addColumns);
        t.addColumns(secs);
        if (count(TrialStatus.FAILED) > 0) t.addColumns(error);
        return t;
    }

    /** Path of best.json. */
    public Path bestFile() {
        return dir.resolve(BEST);
    }

    /** Writes {@code best.json} (nothing when every trial failed); returns its path. */
    Path writeBest() {
        TrialRecord b = best();
        if (b == null) return null;
        HeadHyperparameters h = HeadHyperparameters.from(b.hyperparameters());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("search", config.name());
        m.put("strategy", config.strategy().id());
        m.put("objective", "val_accuracy");
        m.put("value", b.objective());
        m.put("trial", ManualTrials.number(b));
        if (b.status() == TrialStatus.MANUAL) m.put("manual", true);
        m.put("epochs", b.epochs());
        m.put("dataset", datasetName);
        m.put("hyperparameters", b.hyperparameters());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("dense", h.units());
        model.put("dropout_rate", h.dropouts());
        model.put("dense_activation", h.activation());
        m.put("model", model);
        Map<String, Object> train = new LinkedHashMap<>();
        train.put("optimizer", h.optimizer().kind().name().toLowerCase(java.util.Locale.ROOT));
        train.put("learning_rate", h.optimizer().learningRate());
        train.put("batch_size", h.batchSize());
        m.put("training", train);
        Path file = bestFile();
        fer.AtomicFiles.write(file, out -> out.write(JSON.writeValueAsBytes(m)));
        return file;
    }
}
