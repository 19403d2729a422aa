package fer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * Where a study reads and writes: the project root, the folder searched for FER-2013, the folder generated data goes
 * to, and the three output folders. Built once at the edge ({@link #fromEnvironment()}) or by a test
 * ({@link #at(Path)}), then handed down: nothing below the edge asks the environment where things are.
 *
 * @param root      the project root (notebooks/, lib/, pom.xml)
 * @param data      where FER-2013 / FER+ are looked for ({@code FER_DATA}, default {@code data/})
 * @param generated where the synthetic default is generated: always the project's own {@code data/}, never a
 *                  folder the user named
 * @param figures   regenerated report figures and their manifest
 * @param models    trained and imported models with their manifests
 * @param runs      run folders: checkpoints, histories, trial logs, evaluation outputs
 */
public record Workspace(Path root, Path data, Path generated, Path figures, Path models, Path runs) {
    /** Environment variable: a folder to search for FER-2013 instead of {@code data/}. */
    public static final String DATA_ENV = "FER_DATA";
    /** Environment variable: a folder that takes {@code figures/}, {@code models/} and {@code runs/} instead of the root. */
    public static final String OUTPUT_ENV = "FER_OUTPUT";

    public Workspace {
        for (Path p : new Path[] {root, data, generated, figures, models, runs}) {
            if (p == null) throw new IllegalArgumentException("every workspace folder must be set");
        }
        root = root.toAbsolutePath().normalize();
        data = data.toAbsolutePath().normalize();
        generated = generated.toAbsolutePath().normalize();
        figures = figures.toAbsolutePath().normalize();
        models = models.toAbsolutePath().normalize();
        runs = runs.toAbsolutePath().normalize();
    }

    /** The project's own layout under {@code root}: data/, figures/, models/, runs/. */
    public static Workspace at(Path root) {
        return new Workspace(root, root.resolve("data"), root.resolve("data"), root.resolve("figures"),
                root.resolve("models"), root.resolve("runs"));
    }

    /**
     * The edge: the root from system property {@code fer.project.root}, env {@code FER_HOME} or the nearest ancestor of
     * the working directory holding {@code pom.xml} and {@code lib/}; {@code FER_DATA} and {@code FER_OUTPUT} when set.
     * A {@code FER_DATA} that is missing or not a folder is an error naming it (never a silent fallback).
     */
    public static Workspace fromEnvironment() {
        return fromEnvironment(System.getenv(), System.getProperty("fer.project.root"), Paths.get("").toAbsolutePath());
    }

    static Workspace fromEnvironment(Map<String, String> env, String rootProperty, Path cwd) {
        Workspace w = at(findRoot(env, rootProperty, cwd));
        String data = env.get(DATA_ENV);
        if (data != null && !data.isBlank()) w = w.withData(checkedFolder(Paths.get(data.strip()), DATA_ENV));
        String out = env.get(OUTPUT_ENV);
        if (out != null && !out.isBlank()) w = w.withOutput(Paths.get(out.strip()));
        return w;
    }

    private static Path findRoot(Map<String, String> env, String rootProperty, Path cwd) {
        if (rootProperty != null && !rootProperty.isBlank()) return Paths.get(rootProperty);
        String home = env.get("FER_HOME");
        if (home != null && !home.isBlank()) return Paths.get(home);
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("lib"))) return p;
        }
        return cwd;
    }

    /** {@code dir} if it is an existing folder, else an error naming it and the variable that gave it. */
    static Path checkedFolder(Path dir, String from) {
        if (Files.isRegularFile(dir)) {
            throw new IllegalArgumentException(from + "=" + dir + " is a file; it must name the folder that holds FER-2013 "
                    + "(fer2013.csv, train/ + test/, or fer2013.csv + fer2013new.csv); to read one file, pass it as the dataset source");
        }
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException(from + "=" + dir + ": no such folder");
        return dir;
    }

    /** {@code environment/.cache/npm/}: npm packages the set-up fetched (face-api's model and photos). */
    public Path npmCache() {
        return root.resolve("environment").resolve(".cache").resolve("npm");
    }

    /** This workspace searching {@code dir} for FER-2013. */
    public Workspace withData(Path dir) {
        return new Workspace(root, dir, generated, figures, models, runs);
    }

    /** This workspace writing figures/, models/ and runs/ under {@code dir}. */
    public Workspace withOutput(Path dir) {
        return new Workspace(root, data, generated, dir.resolve("figures"), dir.resolve("models"), dir.resolve("runs"));
    }

    /** {@code p} relative to the root when it lies under it (for messages), else as it is. */
    public String show(Path p) {
        Path a = p.toAbsolutePath().normalize();
        return a.startsWith(root) ? root.relativize(a).toString() : a.toString();
    }
}
