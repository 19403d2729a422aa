package fer.tune;

import static org.junit.jupiter.api.Assertions.*;

import fer.train.EpochMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trials trained by hand from notebook 04's panel: in the search's log, kept by a resume, candidates for best.json. */
class ManualTrialsTest {
    static Map<String, Object> best() { // FakeTrials rates Adam, wide, relu highest
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("num_layers", 2);
        c.put("units_1", 4096);
        c.put("units_2", 4096);
        c.put("dropout_1", 0.1);
        c.put("dropout_2", 0.1);
        c.put("optimizer", "Adam");
        c.put("learning_rate", 0.0001);
        c.put("batch_size", 128);
        c.put("activation", "relu");
        return c;
    }

    @Test
    void aManualTrialJoinsTheLogAndBestJsonAndSurvivesAResume(@TempDir Path dir) {
        SearchConfig config = SearchTest.random(4);
        FakeTrials runner = new FakeTrials();
        SearchResult searched = Search.run(config, runner, dir, SearchProgress.silent());
        double searchBest = searched.best().objective();

        ManualTrials manual = new ManualTrials(config, runner, dir);
        List<EpochMetrics> seen = new ArrayList<>();
        TrialRecord r = manual.train(best(), 6, seen::add); // longer than the search's 3 epochs: strictly better
        assertEquals(TrialStatus.MANUAL, r.status());
        assertEquals(ManualTrials.FIRST, r.trial());
        assertEquals(6, seen.size(), "every epoch reaches the caller (the panel's live curve)");
        assertTrue(r.objective() > searchBest, "the fake runner rates this configuration above every sampled one");
        assertEquals(best(), BestHyperparameters.config(searched.bestFile()), "best.json now names the manual trial");

        // a resume of the same search replays its plan from the log, keeps the manual trial, trains nothing
        int before = runner.trained.size();
        SearchResult resumed = Search.run(config, runner, dir, SearchProgress.silent());
        assertEquals(before, runner.trained.size());
        assertEquals(5, resumed.trials().size());
        assertEquals(ManualTrials.FIRST, resumed.best().trial());
        assertEquals(searched.imagesTrained(), resumed.imagesTrained(), "the budget counts the search's trials only");
        assertEquals(4, resumed.searchTrials().size());
        assertEquals(best(), BestHyperparameters.config(resumed.bestFile()));

        TrialRecord second = manual.train(SearchSpace.table2().sample(3, 0), 1, m -> {});
        assertEquals(ManualTrials.FIRST + 1, second.trial());
        assertEquals(2, manual.trials().size());
        var table = manual.result().table();
        assertEquals("manual", table.stringColumn("status").get(0));
        assertEquals(1, table.intColumn("trial").get(0), "manual trials are numbered on their own");
    }

    @Test
    void aConfigurationTheHeadCannotBeBuiltFromIsRefusedBeforeTraining(@TempDir Path dir) {
        FakeTrials runner = new FakeTrials();
        ManualTrials manual = new ManualTrials(SearchTest.random(2), runner, dir);
        Map<String, Object> c = best();
        c.remove("units_2");
        var e = assertThrows(IllegalArgumentException.class, () -> manual.train(c, 1, m -> {}));
        assertTrue(e.getMessage().contains("units_2"), e.getMessage());
        assertTrue(runner.trained.isEmpty());
        assertTrue(new TrialLog(dir).lines().isEmpty());
    }

    @Test
    void thePanelTrainsWhatItsControlsShow(@TempDir Path dir) {
        FakeTrials runner = new FakeTrials();
        SearchConfig config = SearchTest.random(3);
        Search.run(config, runner, dir, SearchProgress.silent());
        TrialPanel panel = new TrialPanel(new ManualTrials(config, runner, dir), config.space(), runner.datasetName(), 3);
        panel.layers.value(3);
        panel.units.value(2048);
        panel.dropout.value(0.2);
        panel.optimizer.value("Adam");
        panel.learningRate.value(1e-3);
        panel.batchSize.value(128);
        panel.epochs.value(2);
        Map<String, Object> c = panel.configuration();
        assertEquals(3, c.get("num_layers"));
        assertEquals(2048, c.get("units_3"));
        assertEquals(0.2, c.get("dropout_3"));
        assertEquals(0.001, c.get("learning_rate"));
        assertEquals(128, c.get("batch_size"));
        assertTrue(panel.table.value().contains("<table"), "the search's best is in the table before any manual trial");

        panel.train.click(); // what the front end's click message does
        TrialRecord r = new ManualTrials(config, runner, dir).trials().get(0);
        assertEquals(c, r.hyperparameters());
        assertEquals(2, r.epochs());
        assertTrue(panel.status.value().startsWith("manual trial 1"), panel.status.value());
        assertTrue(panel.chart.value().contains("data:image/png;base64,"), "the trial's curve");
        assertFalse(panel.train.state().get("disabled").equals(true), "the button is enabled again");
        int rows = count(panel.table.value(), "<tr");
        panel.dropout.value(0.5);
        panel.train.click();
        assertEquals(rows + 1, count(panel.table.value(), "<tr"), "a row per manual trial");
    }

    private static int count(String s, String needle) {
        return s.split(needle, -1).length - 1;
    }
}
