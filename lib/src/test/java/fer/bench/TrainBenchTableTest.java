package fer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench's table: every peer a column, the ratio against the fastest peer by direction (speed vs latency). */
class TrainBenchTableTest {
    private static final Map<String, String> LABELS = new LinkedHashMap<>(Map.of("TF", "TensorFlow 2.21.0 / Keras 3.15.1: 2 threads"));

    static {
        LABELS.put("PyTorch", "PyTorch 2.13.0+cpu: 2 threads");
    }

    @Test
    void theRatioIsAgainstTheFastestPeerInTheRowsDirection() {
        // throughput: the highest img/s is the fastest (TF here)
        TrainBench.Row speed = new TrainBench.Row("small", "train bs32 img/s", 400, peers(630, 500), Map.of(), 3, false,
                Double.NaN, Map.of());
        // latency: the lowest ms is the fastest (PyTorch here); its median landed in a slow mode, its lowest did not
        TrainBench.Row latency = new TrainBench.Row("small", "infer bs1 ms/img", 1.1, peers(2.0, 12.0), Map.of("PyTorch", "freeze"),
                3, false, 1.0, peers(1.9, 0.5));
        assertEquals("TF", speed.fastest().orElseThrow());
        assertEquals(400 / 630.0, speed.ratio(), 1e-9);
        assertEquals("TF", latency.fastest().orElseThrow(), "on the medians TF's 2.0 ms beats PyTorch's 12");
        assertEquals(2.0 / 1.1, latency.ratio(), 1e-9, "latency: the fastest peer's ms / DL4J ms");
        assertEquals("PyTorch", latency.fastestBest().orElseThrow());
        assertEquals(0.5 / 1.0, latency.bestRatio(), 1e-9);
        assertTrue(Double.isNaN(speed.bestRatio()), "no lowest for throughput rows");

        String table = TrainBench.table(List.of(speed, latency), LABELS);
        List<String> lines = table.lines().toList();
        assertTrue(lines.get(0).startsWith("peer TF") && lines.get(0).contains("TensorFlow 2.21.0"), table);
        assertTrue(lines.get(2).matches("net +measure +DL4J +TF +PyTorch +ratio +fastest peer +verdict"), table);
        assertTrue(lines.get(3).matches("small +train bs32 img/s +400 +630 +500 +0\\.63 +TF +below 1\\.0"), table);
        assertTrue(lines.get(4).matches("small +infer bs1 ms/img +1\\.10 +2\\.00 +12\\.0 +1\\.82 +TF +ok \\(>= 1\\.0\\)"), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("small +infer bs1 ms/img +1\\.00 +0\\.50 +0\\.50 +PyTorch +lowest over all rounds")), table);
        assertFalse(TrainBench.table(List.of(speed), LABELS).contains("lowest"), "no latency row, no lowest line");
    }

    @Test
    void aRowWithoutPeersHasNoRatioAndARowKeepsThePeersItHas() {
        TrainBench.Row alone = new TrainBench.Row("vgg", "infer bs64 img/s", 200, Map.of(), Map.of(), 1, false, Double.NaN, Map.of());
        assertTrue(alone.fastest().isEmpty());
        assertTrue(Double.isNaN(alone.ratio()));
        String table = TrainBench.table(List.of(alone), Map.of());
        assertTrue(table.startsWith("peers: none ran"), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("vgg +infer bs64 img/s +200 +- +- +-")), table);
    }

    @Test
    void rowsPairEachDl4jKeyWithThePeersSameKeyAndTakeMediansAndLowest() {
        Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
        values.put(TrainBench.DL4J, new LinkedHashMap<>(Map.of("small|infer bs1 ms/img", List.of(1.2, 1.0, 1.4))));
        values.get(TrainBench.DL4J).put("small|infer bs1 ms/img" + TrainBench.LAYER_API, List.of(3.0, 2.0, 4.0));
        values.put("PyTorch", Map.of("small|infer bs1 ms/img", List.of(0.5, 12.0, 0.6)));
        values.put("TF", Map.of("small|infer bs1 ms/img", new ArrayList<>(List.of(0.9, 0.8, 1.0))));
        List<Peer> peers = List.of(peer("TF"), peer("PyTorch"));
        List<TrainBench.Row> rows = TrainBench.rows(values, Map.of("PyTorch", Map.of("small|infer bs1 ms/img", "freeze")),
                Map.of("small|infer bs1 ms/img", true), peers);
        assertEquals(2, rows.size());
        TrainBench.Row frozen = rows.get(0);
        assertEquals(1.2, frozen.dl4j(), 1e-12);
        assertEquals(0.6, frozen.peers().get("PyTorch"), 1e-12, "median of 0.5, 12, 0.6");
        assertEquals(0.5, frozen.peersBest().get("PyTorch"), 1e-12);
        assertEquals(1.0, frozen.dl4jBest(), 1e-12);
        assertEquals("freeze", frozen.settings().get("PyTorch"));
        assertTrue(frozen.contended());
        TrainBench.Row layer = rows.get(1);
        assertEquals("infer bs1 ms/img" + TrainBench.LAYER_API, layer.measure());
        assertEquals(0.6, layer.peers().get("PyTorch"), 1e-12, "the layer-API row against the same peer numbers");
        assertTrue(layer.contended(), "contention of the peer key marks the layer-API row too");
    }

    @Test
    void peerLinesParseIntoTheBenchsKeys() {
        var v = TrainBench.parseValue("small", "INFER small1 bs=64: 5782.8 img/s [freeze]");
        assertEquals("small|infer bs64 img/s", v.getKey());
        assertEquals(5782.8, v.getValue(), 1e-9);
        assertEquals("small|train bs32 img/s", TrainBench.parseValue("small", "TRAIN small1 bs=32: 949.2 img/s").getKey());
        assertEquals("small|infer bs1 ms/img", TrainBench.parseValue("small", "INFER small1 bs=1: 0.37 ms/img [freeze]").getKey());
        assertNull(TrainBench.parseValue("small", "SETTING small1 bs=64 cl: 3962.4 img/s, 0.25 ms/img"));
        assertNull(TrainBench.parseValue("small", "params 980679"));
    }

    private static Peer peer(String name) {
        return new Peer(name, "python3", Path.of("peer.py"), List.of(), "torch", "pip install torch");
    }

    private static Map<String, Double> peers(double tf, double torch) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("TF", tf);
        m.put("PyTorch", torch);
        return m;
    }
}
