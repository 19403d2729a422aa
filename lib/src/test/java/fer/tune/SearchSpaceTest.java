package fer.tune;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class SearchSpaceTest {
    /** Table 2 of the report (Section 6.3), copied from its text: hyperparameter, search space, best value found. */
    static final String[][] REPORT_TABLE2 = {
        {"Dense Layer", "2, 3", "2"},
        {"Units per Dense Layer", "256, 512, 1024, 2048, 4096", "1024"},
        {"Dropout Rate", "0.1, 0.2, 0.3, 0.4, 0.5", "0.4, 0.3"},
        {"Optimizer", "'Adam', 'sgd'", "'sgd'"},
        {"Learning Rate", "0.001, 0.0001", "0.0001"},
        {"Batch Size", "128, 256", "256"},
        {"Activation Function", "'relu', 'sigmoid'", "'relu'"},
    };

    @Test
    void table2RendersAsTheReportsTable() {
        Table t = SearchSpace.table2().toTable();
        assertEquals("Table 2 - Summary of Hyperparameter Tuning Search", t.name());
        assertEquals(REPORT_TABLE2.length, t.rowCount());
        for (int r = 0; r < REPORT_TABLE2.length; r++) {
            for (int c = 0; c < 3; c++) assertEquals(REPORT_TABLE2[r][c], t.getString(r, c), "row " + r + " column " + c);
        }
    }

    @Test
    void bestValuesOfASearchFillTheirOwnColumn() {
        SearchSpace s = SearchSpace.table2();
        Table t = s.toTable(s.sample(7, 0));
        assertEquals(4, t.columnCount());
        Map<String, Object> c = s.sample(7, 0);
        int layers = (Integer) c.get(SearchSpace.LAYERS);
        assertEquals(layers, t.getString(1, 3).split(", ").length, "one units value per layer: " + t.getString(1, 3));
    }

    @Test
    void sameSeedGivesTheSameSequenceAndAnotherSeedAnother() {
        SearchSpace s = SearchSpace.table2();
        List<Map<String, Object>> a = s.sample(42, 0, 30);
        assertEquals(a, s.sample(42, 0, 30));
        assertEquals(a.subList(10, 30), s.sample(42, 10, 20), "configuration i depends on (seed, i) only");
        assertNotEquals(a, s.sample(43, 0, 30));
        assertEquals(30, new HashSet<>(a).size(), "30 draws from 260,000 configurations should not repeat");
    }

    @Test
    void thirdLayerParametersExistExactlyWhenThereAreThreeLayers() {
        SearchSpace s = SearchSpace.table2();
        int threes = 0;
        for (Map<String, Object> c : s.sample(1, 0, 400)) {
            boolean three = c.get(SearchSpace.LAYERS).equals(3);
            threes += three ? 1 : 0;
            assertEquals(three, c.containsKey("units_3"), c.toString());
            assertEquals(three, c.containsKey("dropout_3"), c.toString());
            assertTrue(c.containsKey("units_2") && c.containsKey("dropout_2"), c.toString());
        }
        assertTrue(threes > 150 && threes < 250, "layers is a fair coin: " + threes + " of 400 had 3");
    }

    @Test
    void samplesCoverEveryValueRoughlyUniformly() {
        SearchSpace s = SearchSpace.table2();
        Map<Object, Integer> units = new HashMap<>();
        Set<Object> lrs = new HashSet<>();
        for (Map<String, Object> c : s.sample(3, 0, 1000)) {
            units.merge(c.get("units_1"), 1, Integer::sum);
            lrs.add(c.get(SearchSpace.LEARNING_RATE));
        }
        assertEquals(Set.of(256, 512, 1024, 2048, 4096), units.keySet());
        for (int n : units.values()) assertTrue(n > 150 && n < 250, "each of 5 units values ~200 of 1000: " + units);
        assertEquals(Set.of(0.001, 0.0001), lrs);
    }

    @Test
    void sizeCountsConditionalParametersOnlyWhereTheyExist() {
        // 2 layers: 5^2 units x 5^2 dropouts; 3 layers: 5^3 x 5^3; times optimizer, lr, batch, activation (2 each)
        assertEquals((625 + 15625) * 16, SearchSpace.table2().size());
    }

    @Test
    void logUniformFloatsStayInRangeAndSpreadOverDecades() {
        SearchSpace s = SearchSpace.table2().with(new Param.FloatRange(SearchSpace.LEARNING_RATE, "Learning Rate", 1e-5, 1e-1, true, null));
        int[] decades = new int[4];
        for (Map<String, Object> c : s.sample(5, 0, 800)) {
            double lr = (Double) c.get(SearchSpace.LEARNING_RATE);
            assertTrue(lr >= 1e-5 && lr <= 1e-1, "lr " + lr);
            decades[(int) Math.floor(Math.log10(lr) + 5)]++;
        }
        for (int d : decades) assertTrue(d > 140 && d < 260, "log-uniform: ~200 per decade, got " + java.util.Arrays.toString(decades));
        assertEquals(Double.POSITIVE_INFINITY, s.size());
    }

    @Test
    void coerceReadsJsonNumbersBackAndChecksConditions() {
        SearchSpace s = SearchSpace.table2();
        Map<String, Object> c = s.sample(9, 4);
        Map<String, Object> json = new HashMap<>();
        // JSON has one number type: ints may come back as doubles and vice versa
        c.forEach((k, v) -> json.put(k, v instanceof Integer i ? (Object) i.doubleValue() : v));
        assertEquals(c, s.coerce(json));
        Map<String, Object> bad = new HashMap<>(c);
        bad.put(SearchSpace.LAYERS, 2);
        bad.put("units_3", 256);
        bad.put("dropout_3", 0.1);
        var e = assertThrows(IllegalArgumentException.class, () -> s.coerce(bad));
        assertTrue(e.getMessage().contains("units_3"), e.getMessage());
        Map<String, Object> outOfDomain = new HashMap<>(s.sample(9, 5));
        outOfDomain.put("units_1", 300);
        e = assertThrows(IllegalArgumentException.class, () -> s.coerce(outOfDomain));
        assertTrue(e.getMessage().contains("300") && e.getMessage().contains("units_1"), e.getMessage());
    }

    @Test
    void aConditionMustReferToAnEarlierParameter() {
        Param late = new Param.Choice("units_3", "Units", List.of(1), new Param.Condition("num_layers", List.of(3)));
        assertThrows(IllegalArgumentException.class, () -> new SearchSpace("x", List.of(late), null));
    }

    @Test
    void headHyperparametersMapOntoTheCustomModelAndTraining() {
        Map<String, Object> c = new HashMap<>(Map.of("num_layers", 3, "units_1", 2048, "units_2", 512, "units_3", 256,
                "dropout_1", 0.5, "dropout_2", 0.2, "dropout_3", 0.1, "optimizer", "Adam", "learning_rate", 0.001, "batch_size", 128));
        c.put("activation", "sigmoid");
        HeadHyperparameters h = HeadHyperparameters.from(c);
        var plan = h.applyTo(fer.train.TrainingPlan.of(fer.Profile.PAPER, fer.model.Architecture.CUSTOM));
        assertEquals(2048, plan.model().dense1());
        assertEquals(512, plan.model().dense2());
        assertEquals(256, plan.model().dense3());
        assertEquals(0.1, plan.model().dropout3());
        assertEquals("sigmoid", plan.model().denseActivation());
        assertEquals(fer.model.Optimizer.Kind.ADAM, plan.train().optimizer().kind());
        assertEquals(0.001, plan.train().optimizer().learningRate());
        assertEquals(128, plan.train().batchSize());
    }
}
