package fer.tune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Reads a search's {@code best.json} back: the hyperparameters to train with (notebook 03's plan,
 * {@code fer train --hparams FILE}).
 */
public final class BestHyperparameters {
    private BestHyperparameters() {}

    /** The configuration in {@code file}, checked against Table 2's space. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> config(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": no such file (a search writes runs/hpo-NAME/best.json)");
        Map<String, Object> json;
        try {
            json = new ObjectMapper().readValue(file.toFile(), Map.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + e.getMessage(), e);
        }
        Object hp = json.get("hyperparameters");
        if (!(hp instanceof Map)) throw new IllegalArgumentException(file + ": expected an object 'hyperparameters', found " + hp);
        try {
            return SearchSpace.table2().coerce((Map<String, Object>) hp);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The head, optimiser and batch size in {@code file}. */
    public static HeadHyperparameters read(Path file) {
        return HeadHyperparameters.from(config(file));
    }
}
