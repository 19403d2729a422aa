package fer.cli;

import static org.junit.jupiter.api.Assertions.*;

import fer.Workspace;
import fer.data.Emotion;
import fer.live.LiveException;
import fer.train.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Issue 26 case 7, the smaller items: each once silent or obscure, now one line naming what is wrong. */
class SmallerCasesTest {
    @Test
    void optionsTheCodeWouldIgnoreAreRefused() {
        for (String[] args : List.of(
                new String[] {"train", "--model", "small", "--train-images", "0", "--val-images", "32", "--epochs", "1"},
                new String[] {"train", "--model", "small", "--val-images", "-5"},
                new String[] {"train", "--model", "small", "--epochs", "0"},
                new String[] {"train", "--model", "small", "--lr", "-0.1"},
                new String[] {"tune", "--budget", "-1"},
                new String[] {"tune", "--trials", "0"},
                new String[] {"tune", "--eta", "1"})) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(" must be "), r.err());
        }
        CliRun r = CliRun.of("tune", "--budget", "-1");
        assertTrue(r.err().contains("--budget must be at least 1, got -1"), r.err());
    }

    /** A network built for 48x48x1 whose flattened conv output feeds a dense layer: 64x64 images do not fit it. */
    static ComputationGraph denseNet48() {
        var conf = new NeuralNetConfiguration.Builder().seed(1).weightInit(WeightInit.XAVIER).graphBuilder().addInputs("input")
                .setInputTypes(InputType.convolutional(48, 48, 1))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).stride(2, 2).activation(Activation.RELU).build(), "input")
                .addLayer("dense", new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build(), "conv")
                .addLayer("predictions", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(7).activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("predictions").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    @Test
    void aManifestWhoseInputDoesNotFitTheNetworkIsOneLineNotANativeError(@TempDir Path dir) {
        for (String input : List.of("64x64x1", "48x48x3")) {
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("name", "misfit");
            manifest.put("classes", Emotion.FER2013.stream().map(Enum::name).toList());
            manifest.put("model", Map.of("input", input));
            Path zip = ModelStore.save(denseNet48(), dir.resolve("models"), "misfit", manifest);
            CliRun r = CliRun.of("evaluate", "--model", zip.toString(), "--profile", "quick", "--out", dir.resolve("eval").toString());
            assertEquals(2, r.code(), r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(zip + ": input " + input + " does not fit the network: layer '"), r.err());
            assertFalse(r.err().contains("Op ["), r.err());
        }
        // the size it was built for still evaluates
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("classes", Emotion.FER2013.stream().map(Enum::name).toList());
        ok.put("model", Map.of("input", "48x48x1"));
        Path zip = ModelStore.save(denseNet48(), dir.resolve("models"), "fits", ok);
        CliRun r = CliRun.of("evaluate", "--model", zip.toString(), "--profile", "quick", "--out", dir.resolve("eval-ok").toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void ferDataMissingOrAFileIsAnErrorAndNothingIsWrittenThere(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nonexistent");
        Path csv = Files.writeString(dir.resolve("fer2013.csv"), "emotion,pixels,Usage\n");
        for (Path data : List.of(missing, csv)) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-Dfer.project.root=" + System.getProperty("fer.project.root"),
                    "-cp", System.getProperty("java.class.path"), FerCli.class.getName(), "train", "--model", "small", "--name",
                    "issue26-ferdata", "--epochs", "1", "--train-images", "64", "--val-images", "32");
            pb.environment().put("FER_DATA", data.toString());
            Path err = dir.resolve("err.txt");
            Process p = pb.redirectError(err.toFile()).redirectOutput(dir.resolve("out.txt").toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String e = Files.readString(err);
            assertEquals(2, p.exitValue(), e);
            assertTrue(e.contains("FER_DATA=" + data), e);
            assertTrue(e.contains(data == csv ? "is a file" : "no such folder"), e);
            assertFalse(Files.exists(missing), "nothing may be generated inside a folder the user named");
            assertFalse(Files.exists(Workspace.fromEnvironment().runs().resolve("issue26-ferdata")), "no run started");
        }
    }

    @Test
    void theDocsDemoVideoFolderIsUnpackedOnFirstUseOrItsAbsenceExplained(@TempDir Path dir) {
        Workspace fresh = Workspace.at(dir); // a clone where set-up has not fetched the npm package
        Path demo = fer.live.FaceApiPhotos.dir(fresh);
        var e = assertThrows(LiveException.class, () -> LiveCommand.DemoVideoCommand.photoFiles(List.of(demo), fresh));
        assertTrue(e.getMessage().contains("environment/fer setup"), e.getMessage());
        assertThrows(LiveException.class, () -> LiveCommand.DemoVideoCommand.photoFiles(new ArrayList<>(), fresh));
        Workspace project = Workspace.fromEnvironment();
        if (fer.model.FaceApiPackage.NPM.isCached(project.npmCache())) {
            // set up: the docs' example folder is there (unpacked now if needed), six photos
            assertEquals(6, LiveCommand.DemoVideoCommand.photoFiles(List.of(fer.live.FaceApiPhotos.dir(project)), project).size());
        }
    }
}
