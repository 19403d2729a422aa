package fer.tune;

import fer.Study;
import fer.train.EpochMetrics;
import fer.viz.Display;
import fer.viz.Html;
import fer.viz.widgets.Box;
import fer.viz.widgets.Button;
import fer.viz.widgets.Choice;
import fer.viz.widgets.Slider;
import fer.viz.widgets.Text;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Notebook 04's interactive panel over Table 2's space: controls for the number of dense layers, units, dropout,
 * activation, optimizer, learning rate, batch size and epochs; "Train" trains the report's head on the cached base
 * features ({@link ManualTrials}, seconds in the quick profile), logs the trial in the search's {@code trials.jsonl}
 * and redraws, in place, the trial's validation curve and the table of manual trials beside the search's best.
 *
 * <p>Where widgets cannot show (nbconvert, the CLI) the panel prints as text and {@link #train()} does what the button does.
 */
public final class TrialPanel {
    private final ManualTrials trials;
    private final String dataset;
    final Choice<Integer> layers;
    final Choice<Integer> units;
    final Slider dropout;
    final Choice<String> activation;
    final Choice<String> optimizer;
    final Slider learningRate;
    final Choice<Integer> batchSize;
    final Slider epochs;
    final Button train;
    final Text status;
    final Text chart;
    final Text table;

    TrialPanel(ManualTrials trials, SearchSpace space, String dataset, int defaultEpochs) {
        this.trials = trials;
        this.dataset = dataset;
        layers = Choice.toggleButtons("dense layers", choices(space, SearchSpace.LAYERS, Integer.class), 2);
        units = Choice.dropdown("units", choices(space, SearchSpace.units(1), Integer.class), 1024);
        dropout = Slider.ofFloat("dropout", 0.1, 0.5, 0.1, 0.4);
        activation = Choice.toggleButtons("activation", choices(space, SearchSpace.ACTIVATION, String.class), "relu");
        optimizer = Choice.dropdown("optimizer", choices(space, SearchSpace.OPTIMIZER, String.class), "sgd");
        learningRate = Slider.logarithmic("learning rate", -5, -2, 0.25, 1e-4);
        batchSize = Choice.dropdown("batch size", choices(space, SearchSpace.BATCH_SIZE, Integer.class), 256);
        epochs = Slider.ofInt("epochs", 1, 20, 1, defaultEpochs);
        train = new Button("Train").buttonStyle("primary");
        status = Text.label("set the hyperparameters and press Train");
        status.layout("width", "24em");
        chart = Text.html("");
        table = Text.html(tableHtml());
        train.onClick(this::trainFromButton);
    }

    /** A panel whose trials join {@code search}'s log in the study's runs/, trained by {@code runner}. */
    public static TrialPanel of(Study study, SearchConfig search, TrialRunner runner) {
        return new TrialPanel(ManualTrials.of(study, search, runner), search.space(), runner.datasetName(), search.epochs());
    }

    /** Shows the panel: controls on the left, the curve and the table on the right. */
    public Box show() {
        Box controls = Box.vertical(layers, units, dropout, activation, optimizer, learningRate, batchSize, epochs, train, status);
        controls.layout("min_width", "24em").layout("width", "24em");
        return Box.horizontal(controls, Box.vertical(chart, table)).show();
    }

    /** The configuration the controls describe, in the search space's names (as {@code trials.jsonl} stores them). */
    public Map<String, Object> configuration() {
        Map<String, Object> c = new LinkedHashMap<>();
        int n = layers.value();
        c.put(SearchSpace.LAYERS, n);
        for (int k = 1; k <= n; k++) c.put(SearchSpace.units(k), units.value());
        for (int k = 1; k <= n; k++) c.put(SearchSpace.dropout(k), Math.round(dropout.value().doubleValue() * 100) / 100.0);
        c.put(SearchSpace.OPTIMIZER, optimizer.value());
        c.put(SearchSpace.LEARNING_RATE, Double.parseDouble(String.format(Locale.ROOT, "%.3g", learningRate.value().doubleValue())));
        c.put(SearchSpace.BATCH_SIZE, batchSize.value());
        c.put(SearchSpace.ACTIVATION, activation.value());
        return c;
    }

    /** Trains the configuration the controls show, as the button does; returns the logged trial. */
    public TrialRecord train() {
        Map<String, Object> config = configuration();
        HeadHyperparameters h = HeadHyperparameters.from(config);
        List<EpochMetrics> seen = new ArrayList<>();
        int n = epochs.value().intValue();
        status.value("training " + h + " ...");
        TrialRecord r = trials.train(config, n, m -> {
            seen.add(m);
            status.value(String.format(Locale.ROOT, "epoch %d/%d: val_accuracy %.3f", m.epoch(), n, m.valAccuracy()));
            chart.value(curveHtml(seen, "manual trial: validation accuracy per epoch"));
        });
        status.value(r.status() == TrialStatus.MANUAL
                ? String.format(Locale.ROOT, "manual trial %d: best val_accuracy %.3f (logged in %s)", ManualTrials.number(r),
                        r.objective(), TrialLog.FILE)
                : "failed: " + r.error());
        table.value(tableHtml());
        return r;
    }

    private void trainFromButton() {
        train.disabled(true);
        try {
            train();
        } catch (RuntimeException e) { // a bad configuration: say so where the user looks
            status.value("cannot train: " + e.getMessage());
        } finally {
            train.disabled(false);
        }
    }

    /** The trial's validation (and training) accuracy per epoch, with the search's best as a line. */
    XYChart curve(List<EpochMetrics> history, String title) {
        XYChart c = new XYChartBuilder().width(520).height(300).title(title).xAxisTitle("epoch").yAxisTitle("accuracy").build();
        List<Double> x = new ArrayList<>(), val = new ArrayList<>(), tr = new ArrayList<>();
        for (EpochMetrics m : history) {
            x.add((double) m.epoch());
            val.add(m.valAccuracy());
            tr.add(m.accuracy());
        }
        c.addSeries("val_accuracy", x, val).setMarker(SeriesMarkers.CIRCLE);
        c.addSeries("accuracy", x, tr).setMarker(SeriesMarkers.NONE).setLineColor(Color.GRAY);
        TrialRecord best = bestOfSearch();
        if (best != null && !x.isEmpty()) {
            c.addSeries("search best " + String.format(Locale.ROOT, "%.3f", best.objective()), List.of(x.get(0), x.get(x.size() - 1)),
                    List.of(best.objective(), best.objective())).setMarker(SeriesMarkers.NONE).setLineColor(new Color(0xC44E52));
        }
        c.getStyler().setXAxisDecimalPattern("0");
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        return c;
    }

    private String curveHtml(List<EpochMetrics> history, String title) {
        String png = Display.png(BitmapEncoder.getBufferedImage(curve(history, title)));
        return "<img alt=\"validation curve\" src=\"data:image/png;base64," + png + "\"/><div style=\"font-size:smaller\">"
                + Html.escape(dataset) + "</div>";
    }

    private TrialRecord bestOfSearch() {
        SearchResult all = trials.result();
        List<TrialRecord> searched = all.searchTrials();
        return new SearchResult(all.config(), all.datasetName(), all.trainImages(), searched, all.dir(), 0, searched.size()).best();
    }

    /** The manual trials and the search's best, best first (as the search's own table). */
    String tableHtml() {
        SearchResult all = trials.result();
        List<TrialRecord> rows = new ArrayList<>(trials.trials());
        TrialRecord best = bestOfSearch();
        if (best != null) rows.add(best);
        if (rows.isEmpty()) return "<i>no trials yet</i>";
        SearchResult shown = new SearchResult(all.config(), all.datasetName(), all.trainImages(), rows, all.dir(), 0, rows.size());
        return Html.table(shown.table().setName("manual trials and the search's best"), 20);
    }

    private static <T> List<T> choices(SearchSpace space, String name, Class<T> type) {
        Param p = space.param(name);
        if (!(p instanceof Param.Choice c)) throw new IllegalArgumentException(name + " is not a choice in " + space.title());
        return c.values().stream().map(type::cast).toList();
    }

    @Override
    public String toString() {
        return "trial panel (widgets show in JupyterLab): " + configuration();
    }
}
