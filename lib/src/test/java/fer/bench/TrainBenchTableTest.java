package fer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench's table: ratios by direction (speed vs latency) and the lowest-latency line beside the medians. */
class TrainBenchTableTest {
    @Test
    void latencyRowsGetTheirLowestValuesComparedToo() {
        TrainBench.Row speed = new TrainBench.Row("small", "train bs32 img/s", 400, 630, 3, false);
        // PyTorch's median landed in its slow mode (12 ms), its fastest line was 1.3 ms
        TrainBench.Row latency = new TrainBench.Row("small", "infer bs1 ms/img", 1.1, 12.0, 3, false, 1.0, 1.3);
        assertEquals(400 / 630.0, speed.ratio(), 1e-9);
        assertEquals(12.0 / 1.1, latency.ratio(), 1e-9, "latency: PyTorch ms / DL4J ms");
        assertEquals(1.3, latency.bestRatio(), 1e-9);
        assertTrue(Double.isNaN(speed.bestRatio()), "no lowest for throughput rows");

        String table = TrainBench.table(List.of(speed, latency));
        assertTrue(table.contains("small  infer bs1 ms/img                        1.0        1.3    1.30  lowest over all rounds"), table);
        assertEquals(1, table.lines().filter(l -> l.contains("lowest over all rounds")).count(), table);
        assertFalse(TrainBench.table(List.of(speed)).contains("lowest"), "no latency row, no lowest line");
    }
}
