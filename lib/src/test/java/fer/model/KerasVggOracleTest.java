package fer.model;

import static org.junit.jupiter.api.Assertions.*;

import fer.OracleImages;
import fer.PeerOracle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ImageNet weights path against Keras itself: Keras builds {@code VGG16(weights=None, include_top=False)}, gives
 * it seeded weights and writes them in keras-applications' {@code ..._notop.h5} layout, with both of its weight
 * namings; with that file loaded the way the paper profile loads {@code ~/.keras/models/...} (here from a temporary
 * folder), the project's VGG16 base must give Keras' feature maps after every block on the same images, for the
 * default and the custom model, under the report's rescale and under VGG16's own caffe preprocessing.
 */
class KerasVggOracleTest {

    @Test
    void notopWeightsGiveKerasFeatureMapsUnderBothPreprocessings(@TempDir Path dir) throws IOException {
        List<Path> faces = OracleImages.grayFaces(dir.resolve("faces"), 8);
        Path out = dir.resolve("keras");
        PeerOracle.run("keras_oracle.py", 300, "vgg", "--images", dir.resolve("faces").toString(), "--out", out.toString(), "--seed", "19");
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = new org.nd4j.shade.jackson.databind.ObjectMapper().readValue(out.resolve("vgg.json").toFile(), Map.class);
        assertEquals(faces.stream().map(p -> p.getFileName().toString()).toList(), meta.get("files"), "same images, same order");

        List<BufferedImage> images = new ArrayList<>();
        for (Path f : faces) images.add(ImageIO.read(f.toFile()));
        for (String naming : List.of("legacy", "kernel")) {
            Path h5 = out.resolve("notop-" + naming + ".h5");
            for (Architecture arch : List.of(Architecture.BASELINE, Architecture.CUSTOM)) {
                ComputationGraph net = Models.build(ModelSpec.paper(arch), Optimizer.sgd(1e-4));
                var options = new PretrainedWeights.Options(dir.resolve("no-zoo.zip"), h5, false, Duration.ofSeconds(1), Duration.ofSeconds(1));
                PretrainedWeights.Result r = PretrainedWeights.applyImageNet(net, arch, options);
                assertEquals(PretrainedWeights.Source.IMAGENET_KERAS_H5, r.source(), r.notice());
                for (InputPreprocessing.KerasMode mode : List.of(InputPreprocessing.KerasMode.RESCALE, InputPreprocessing.KerasMode.CAFFE)) {
                    INDArray x = InputPreprocessing.grayFaces(mode, 48, 3).toBatch(images);
                    Map<String, INDArray> acts = net.feedForward(new INDArray[] {x}, false, false);
                    for (int b = 1; b <= 5; b++) {
                        String pool = "block" + b + "_pool";
                        INDArray keras = Nd4j.createFromNpyFile(out.resolve("features-" + mode.id() + "-" + pool + ".npy").toFile());
                        INDArray ours = acts.get(pool).permute(0, 2, 3, 1).castTo(DataType.FLOAT); // NCHW -> Keras' NHWC
                        assertArrayEquals(keras.shape(), ours.shape(), pool);
                        RelativeError.assertClose(keras, ours, naming + " " + arch.id() + " " + mode.id() + " " + pool);
                    }
                }
            }
        }
        System.out.println("feature statistics (Keras): " + meta.get("stats"));
    }

    @Test
    void aKerasWeightsFileWithoutAModelIsNotImportable(@TempDir Path dir) throws IOException {
        Path h5 = dir.resolve("weights-only.h5");
        KerasH5Fixture.write(h5, KerasVggWeightsTest.randomConvs(3), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KerasModelFile.read(h5));
        assertTrue(e.getMessage().startsWith(h5 + ": not a Keras model"), e.getMessage());
        assertTrue(e.getMessage().contains("weights only"), e.getMessage());
        Files.writeString(dir.resolve("notes.keras"), "not a zip");
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> KerasModelFile.read(dir.resolve("notes.keras")));
        assertTrue(e2.getMessage().startsWith(dir.resolve("notes.keras") + ": not a Keras model"), e2.getMessage());
    }
}
