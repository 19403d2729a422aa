package fer.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fer.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape DESIGN.md asks for, read from the library's own sources (comments removed): data flows one way through the
 * research steps, the commands live in {@code fer.cli} alone, and the environment is read only at the edges. Prints the
 * package graph, so a reviewer sees the structure the test passed on.
 */
class LayeringTest {
    /** The research steps in the order data flows; a step may use earlier ones, never later ones. */
    static final List<String> STEPS = List.of("data", "augment", "model", "train", "tune", "evaluate", "explain", "live");
    /** Packages every step may use: the shared vocabulary (root), the speed engine, the drawing. */
    static final Set<String> SHARED = Set.of("", "engine", "viz");

    static final Pattern REF = Pattern.compile("\\bfer\\.(data|augment|model|engine|train|tune|evaluate|explain|live|viz|bench|cli)\\b"
            + "(?=\\.[A-Za-z*])");

    static Path sources() {
        return Workspace.fromEnvironment().root().resolve("lib/src/main/java/fer");
    }

    /** Package (relative to fer, "" for the root) -> the fer packages its code refers to. */
    static Map<String, Set<String>> graph() throws IOException {
        Map<String, Set<String>> g = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                // a sub-package belongs to its step (fer.viz.widgets is viz: the widgets are drawing, for the notebook)
                String pkg = sources().relativize(f.getParent()).toString().split("/")[0];
                Set<String> uses = g.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REF.matcher(code(f));
                while (m.find()) if (!m.group(1).equals(pkg)) uses.add(m.group(1));
            }
        }
        return g;
    }

    /** The file without comments and string literals, so Javadoc mentions do not count as dependencies. */
    static String code(Path f) throws IOException {
        String s = Files.readString(f);
        s = s.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
        return s.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
    }

    static boolean allowed(String from, String to) {
        if (to.equals("cli")) return from.equals("cli");
        if (from.equals("cli") || from.equals("bench")) return !to.equals("cli");
        if (SHARED.contains(to) && !to.equals("viz")) return true;
        if (from.isEmpty()) return Set.of("data", "model", "viz").contains(to); // the study value composes these
        if (from.equals("engine")) return false;
        if (from.equals("viz")) return to.equals("data");
        if (to.equals("viz")) return STEPS.contains(from) && !from.equals("data");
        if (to.equals("bench")) return false;
        int a = STEPS.indexOf(from), b = STEPS.indexOf(to);
        return a >= 0 && b >= 0 && b < a;
    }

    @Test
    void dataFlowsOneWayThroughTheSteps() throws IOException {
        Map<String, Set<String>> g = graph();
        List<String> up = new ArrayList<>();
        g.forEach((from, tos) -> {
            System.out.printf("fer%s -> %s%n", from.isEmpty() ? "" : "." + from, tos);
            for (String to : tos) if (!allowed(from, to)) up.add("fer." + from + " -> fer." + to);
        });
        assertEquals(List.of(), up, "arrows that run back up the layering (DESIGN.md: data flows one way)");
    }

    @Test
    void commandsLiveInTheCliPackageAlone() throws IOException {
        List<String> misplaced = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = sources().relativize(f.getParent()).toString();
                if (pkg.equals("cli")) continue;
                String name = f.getFileName().toString();
                if (name.endsWith("Command.java") || code(f).contains("picocli")) misplaced.add(sources().relativize(f).toString());
            }
        }
        assertEquals(List.of(), misplaced, "step packages must know nothing of picocli");
    }

    @Test
    void theEnvironmentIsReadOnlyAtTheEdges() throws IOException {
        // the edges: the study value and the CLI; LiveWindow asks whether a display exists, the bench reports its own set-up
        // PeerPython locates the peer frameworks (FER_PEERS_PYTHON), an edge like Workspace
        Set<String> edges = Set.of("Study.java", "Workspace.java", "Profile.java", "PeerPython.java", "model/PretrainedWeights.java",
                "cli/FerCli.java", "live/LiveWindow.java", "bench/TrainBench.java");
        List<String> readers = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = sources().relativize(f).toString();
                String c = code(f);
                boolean reads = c.contains("System.getenv(") || c.contains("System.getProperty(\"fer.project.root\"")
                        || (c.contains("Profile.fromEnvironment()") && !rel.equals("Study.java") && !rel.equals("Profile.java"));
                if (reads && !edges.contains(rel)) readers.add(rel);
            }
        }
        assertEquals(List.of(), readers, "read the environment at the edge (fer.Study, the CLI) and pass it down");
        for (String rel : List.of("data/DatasetConfig.java", "viz/Figures.java", "train/TrainingRun.java")) {
            assertTrue(!code(sources().resolve(rel)).contains("fromEnvironment"), rel + " reads the environment");
        }
    }
}
