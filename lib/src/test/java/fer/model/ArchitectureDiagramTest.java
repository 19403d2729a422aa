package fer.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

/** Figure 7 is read from the network: it must follow the width, batch norm, head and input of the spec. */
class ArchitectureDiagramTest {
    @Test
    void paperVgg16RowsMatchKerasSummary() {
        ModelSpec spec = ModelSpec.paper(Architecture.BASELINE);
        ComputationGraph net = Models.build(spec, Optimizer.adam(1e-3));
        List<ArchitectureDiagram.Row> rows = ArchitectureDiagram.rows(net, 48, 3);
        // Keras' VGG16(include_top=False, input_shape=(48,48,3)).summary(): block1_conv1 1,792, block5_pool 1x1x512
        var conv1 = rows.stream().filter(r -> r.name().equals("block1_conv1")).findFirst().orElseThrow();
        assertEquals(1_792, conv1.params());
        assertEquals("48×48×64", conv1.output());
        assertEquals("1×1×512", rows.stream().filter(r -> r.name().equals("block5_pool")).findFirst().orElseThrow().output());
        assertEquals(13, rows.stream().filter(r -> r.type().startsWith("conv 3×3")).count());
        assertEquals(net.numParams(), rows.stream().mapToLong(ArchitectureDiagram.Row::params).sum());
        assertEquals(14_714_688L, ArchitectureDiagram.paramsByGroup(rows).entrySet().stream()
                .filter(e -> e.getKey().startsWith("block")).mapToLong(java.util.Map.Entry::getValue).sum());
    }

    @Test
    void quickVariantShowsBatchNormNarrowFiltersAndTheCustomHead() {
        ModelSpec spec = ModelSpec.paper(Architecture.CUSTOM).withBaseWidth(8).withBatchNorm(true).withInputSide(64);
        ComputationGraph net = Models.build(spec, Optimizer.adam(1e-3));
        List<ArchitectureDiagram.Row> rows = ArchitectureDiagram.rows(net, 64, 3);
        var conv1 = rows.stream().filter(r -> r.name().equals("block1_conv1")).findFirst().orElseThrow();
        assertEquals("conv 3×3, 8 filters → batch norm → ReLU", conv1.type());
        assertEquals(3 * 3 * 3 * 8 + 8 + 4 * 8, conv1.params(), "conv W+b and the BN's gamma, beta, mean, variance");
        assertEquals("2×2×64", rows.stream().filter(r -> r.name().equals("block5_pool")).findFirst().orElseThrow().output());
        assertEquals(List.of("gap", "fc1", "dropout1", "fc2", "dropout2", "predictions"),
                rows.stream().filter(r -> r.group().equals("head")).map(ArchitectureDiagram.Row::name).toList());
        assertEquals("dropout 0.40", rows.stream().filter(r -> r.name().equals("dropout1")).findFirst().orElseThrow().type());
        assertEquals(net.numParams(), rows.stream().mapToLong(ArchitectureDiagram.Row::params).sum());
        assertTrue(ArchitectureDiagram.title(spec).contains("VGG16-BN at 1/8 width") && ArchitectureDiagram.title(spec).contains("64×64×3"));
        assertTrue(ArchitectureDiagram.image(rows, "t").getHeight() > 500);
    }
}
