package fer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fer.evaluate.ModelEvaluation;
import fer.evaluate.TinyNets;
import fer.data.Emotion;
import fer.train.ModelStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fer evaluate} through the CLI entry point: a saved model, a missing file, a corrupt file. */
class EvaluateCommandTest {
    /** Exit code, stdout, stderr of one CLI run. */


    @Test
    void missingModelIsOneClearLine(@TempDir Path dir) {
        Path zip = dir.resolve("nothing-here.zip");
        CliRun r = CliRun.of("evaluate", "--model", zip.toString());
        assertNotEquals(0, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(zip + ": no such model file"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void corruptModelIsOneClearLine(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("corrupt.zip");
        Files.write(zip, "this is not a zip file".getBytes(StandardCharsets.UTF_8));
        CliRun r = CliRun.of("evaluate", "--model", zip.toString());
        assertNotEquals(0, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(zip + ": not a loadable DL4J model"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void evaluatesASavedModelAndWritesItsFiles(@TempDir Path dir) throws Exception {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("name", "tiny");
        manifest.put("profile", "quick");
        manifest.put("dataset", "synthetic FER");
        manifest.put("classes", Emotion.FER2013.stream().map(Enum::name).toList());
        manifest.put("model", Map.of("input", "48x48x1"));
        Path zip = ModelStore.save(TinyNets.fixed(48, 1, 7, 1), dir.resolve("models"), "tiny", manifest);
        Path out = dir.resolve("eval");
        CliRun r = CliRun.of("evaluate", "--model", zip.toString(), "--split", "test", "--tta", "flip", "--profile", "quick", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("precision    recall  f1-score   support"), r.out());
        assertTrue(r.out().contains("with flip test-time augmentation"), r.out());
        for (String f : ModelEvaluation.FILES) assertTrue(Files.isRegularFile(out.resolve(f)), f);
        assertTrue(Files.isRegularFile(out.resolve("report-tta-flip.json")));
        List<String> csv = Files.readAllLines(out.resolve("report.csv"));
        assertEquals("class,precision,recall,f1-score,support", csv.get(0));
        assertEquals(1 + 7 + 3, csv.size());
        long predictions = Files.readAllLines(out.resolve("predictions.csv")).size() - 1;
        String accuracyLine = csv.get(8);
        assertTrue(accuracyLine.startsWith("accuracy,,,") && accuracyLine.endsWith("," + predictions), accuracyLine);
    }
}
