package fer.model;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Duration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooWeightsTest {
    @Test
    void zooCacheFileIsPreferredAndItsConvolutionsCopiedInOrder(@TempDir Path dir) throws Exception {
        // stands in for vgg16_dl4j_inference.zip: a DL4J graph with the 13 convs (other head, other seed)
        ModelSpec spec = ModelSpec.paper(Architecture.BASELINE).withBaseWidth(2).withInputSide(32);
        ComputationGraph zoo = Models.build(spec.withSeed(99), Optimizer.sgd(0.1));
        Path zip = dir.resolve(PretrainedWeights.ZOO_FILE);
        ModelSerializer.writeModel(zoo, zip.toFile(), false);

        ComputationGraph net = Models.build(ModelSpec.paper(Architecture.CUSTOM).withBaseWidth(2).withInputSide(32).withDense(8, 8), Optimizer.adam(1e-3));
        assertNotEquals(zoo.getLayer("block3_conv2").getParam("W"), net.getLayer("block3_conv2").getParam("W"));
        var opts = new PretrainedWeights.Options(zip, dir.resolve("absent.h5"), false, Duration.ofSeconds(1), Duration.ofSeconds(1));
        PretrainedWeights.Result r = PretrainedWeights.applyImageNet(net, Architecture.CUSTOM, opts);
        assertEquals(PretrainedWeights.Source.IMAGENET_DL4J_ZOO, r.source());
        for (String name : Models.vggConvNames()) {
            assertEquals(zoo.getLayer(name).getParam("W"), net.getLayer(name).getParam("W"), name);
            assertEquals(zoo.getLayer(name).getParam("b"), net.getLayer(name).getParam("b"), name);
        }
    }

    @Test
    void downloadFromASilentEndpointGivesUpWithinTheTimeout() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0)) {
            // accepts the connection (backlog) but never answers: DL4J's own download would hang here forever
            long t0 = System.nanoTime();
            Path target = java.nio.file.Files.createTempDirectory("zoo").resolve("x.zip");
            assertThrows(Exception.class, () -> PretrainedWeights.download(
                    java.net.URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/vgg16.zip"), target,
                    Duration.ofSeconds(1), Duration.ofSeconds(2)));
            assertTrue((System.nanoTime() - t0) / 1e9 < 15, "bounded");
            assertFalse(java.nio.file.Files.exists(target));
        }
    }
}
