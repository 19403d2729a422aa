package fer.train;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * Saves trained models under {@code models/} as {@code NAME.zip} (DL4J's format, loadable with
 * {@link #load}) next to {@code NAME.json}, a manifest saying how the model was made: config, dataset,
 * seed, weights source, metrics, git commit.
 */
public final class ModelStore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    // the project's checkout: the code that made a model; where this library's classes were loaded from is the surest
    // guide (the JVM's working directory is notebooks/ in a kernel, the root from the CLI, lib/ under Surefire)
    private static final String GIT_DIR = codeLocation();

    private ModelStore() {}

    private static String codeLocation() {
        try {
            Path p = Path.of(ModelStore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return (Files.isDirectory(p) ? p : p.getParent()).toString();
        } catch (Exception e) {
            return ".";
        }
    }

    /** Saves {@code net} and its manifest in {@code dir}; returns the zip's path. */
    public static Path save(ComputationGraph net, Path dir, String name, Map<String, Object> manifest) {
        fer.Names.check("model name", name);
        try (fer.RunLock lock = fer.RunLock.model(dir, name)) {
            Files.createDirectories(dir);
            Path zip = dir.resolve(name + ".zip");
            Trainer.saveAtomically(net, zip, false);
            fer.AtomicFiles.write(dir.resolve(name + ".json"), out -> out.write(JSON.writeValueAsBytes(manifest)));
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save model " + name + " in " + dir + ": " + fer.FileErrors.cause(e), e);
        }
    }

    /** Loads a model saved by {@link #save}. */
    public static ComputationGraph load(Path zip) {
        if (!Files.isRegularFile(zip)) throw new IllegalArgumentException(zip + ": no such model file");
        try {
            return ModelSerializer.restoreComputationGraph(zip.toFile(), false);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(zip + ": not a loadable DL4J model: " + e.getMessage(), e);
        }
    }

    /** Reads a manifest written by {@link #save}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> manifest(Path json) {
        try {
            return JSON.readValue(json.toFile(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read manifest " + json, e);
        }
    }

    /** The checked-out commit of the project ("unknown" outside a git work tree), plus "-dirty" if modified. */
    public static String gitCommit() {
        try {
            String head = run("git", "rev-parse", "HEAD");
            String status = run("git", "status", "--porcelain", "--untracked-files=no");
            return head == null ? "unknown" : head + (status != null && !status.isEmpty() ? "-dirty" : "");
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(new File(GIT_DIR))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
