package fer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the project's folders are, wherever the JVM was started from (a notebook kernel runs in
 * notebooks/, the CLI in the root, Surefire in lib/).
 *
 * <p>Resolution order: system property {@code fer.project.root}, env {@code FER_HOME}, then the
 * nearest ancestor of the working directory that holds both {@code pom.xml} and {@code notebooks/}.
 */
public final class Project {
    private Project() {}

    /** The project root folder. */
    public static Path root() {
        String prop = System.getProperty("fer.project.root");
        if (prop != null && !prop.isBlank()) return Paths.get(prop).toAbsolutePath().normalize();
        String env = System.getenv("FER_HOME");
        if (env != null && !env.isBlank()) return Paths.get(env).toAbsolutePath().normalize();
        Path dir = Paths.get("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("lib"))) return p;
        }
        return dir;
    }

    /** {@code figures/}: regenerated report figures. */
    public static Path figures() {
        return root().resolve("figures");
    }

    /** {@code data/}: FER-2013 / FER+ as the user placed them, plus generated data (git-ignored). */
    public static Path data() {
        String env = System.getenv("FER_DATA");
        if (env != null && !env.isBlank()) return Paths.get(env).toAbsolutePath().normalize();
        return root().resolve("data");
    }

    /** {@code models/}: trained models with their manifests (git-ignored). */
    public static Path models() {
        return root().resolve("models");
    }

    /** {@code runs/}: training and tuning run directories: checkpoints, histories, trial logs. */
    public static Path runs() {
        return root().resolve("runs");
    }
}
