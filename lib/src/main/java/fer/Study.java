package fer;

import fer.data.BadDataException;
import fer.data.DatasetConfig;
import fer.data.SplitConfig;
import fer.model.PretrainedWeights;
import fer.viz.Figures;
import fer.viz.ProgressDisplay;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Properties;

/**
 * One study, as the notebooks and the {@code fer} commands hand it down: the profile, the resolved dataset, the
 * workspace's folders, the seed, where progress goes and which notebook draws the figures. Built once at the edge — a
 * notebook's parameter cell ({@link #fromEnvironment()}) or the CLI — and passed to every step; below the edge nothing
 * reads the environment.
 *
 * <p>Notebook 01's dataset choice reaches the later notebooks (each runs in its own kernel) and the commands through
 * {@link #rememberDataset()}: a small file in the workspace's {@code runs/} that {@link #fromEnvironment()} reads.
 *
 * @param seed     the study's base seed (42: the paper split's); plans and searches derive theirs from it
 * @param display  where progress goes: {@link #progress(String)} opens one output per step on it
 * @param notebook the notebook drawing figures ({@code FER_NOTEBOOK}, exported by {@code fer run}, or the one JupyterLab
 *                 started the kernel for: {@link #notebookOf}; "" elsewhere)
 * @param weights  where ImageNet weights are looked for, and whether the paper profile may download them
 */
public record Study(Profile profile, DatasetConfig data, Workspace workspace, long seed, Progress display, String notebook,
                    PretrainedWeights.Options weights) {
    /** The study's default seed: the paper split's, so every notebook sees the same split. */
    public static final long DEFAULT_SEED = SplitConfig.PAPER_SEED;
    /** Environment variable naming the running notebook, e.g. {@code 03-transfer-learning}. */
    public static final String NOTEBOOK_ENV = "FER_NOTEBOOK";
    /** The file under {@code runs/} that carries a dataset choice from one notebook to the next. */
    public static final String DATASET_CHOICE = "dataset.properties";

    public Study {
        if (profile == null || data == null || workspace == null) throw new IllegalArgumentException("profile, data and workspace must be set");
        data = data.resolve(workspace.data(), workspace.generated(), profile); // a given source must exist
        if (display == null) display = Progress.NONE;
        notebook = notebook == null ? "" : notebook.strip();
        if (weights == null) weights = PretrainedWeights.Options.none();
    }

    /**
     * The edge, for a notebook's parameter cell: the profile ({@code FER_PROFILE}, system property {@code fer.profile};
     * quick by default), the workspace ({@link Workspace#fromEnvironment()}), the dataset notebook 01 chose (else
     * FER-2013 under {@code data/}, else the synthetic default), progress shown in place in the notebook (on the console
     * elsewhere).
     */
    public static Study fromEnvironment() {
        Profile profile = Profile.fromEnvironment();
        Workspace w = Workspace.fromEnvironment();
        return new Study(profile, rememberedDataset(w).orElse(DatasetConfig.paper()), w, DEFAULT_SEED, ProgressDisplay.auto(),
                notebookOf(System.getenv()), PretrainedWeights.Options.fromEnvironment());
    }

    /**
     * Environment variable in which jupyter_server (JupyterLab, notebook 7) gives a kernel the path of the notebook it
     * was started for, e.g. {@code /home/me/fer/notebooks/03-transfer-learning.ipynb}.
     */
    public static final String JUPYTER_SESSION_ENV = "JPY_SESSION_NAME";

    /**
     * The notebook drawing figures: {@code FER_NOTEBOOK} ({@code fer run} exports it), else the file name of the
     * notebook JupyterLab started this kernel for, without {@code .ipynb}; "" when neither is set (the CLI, a kernel
     * started by hand, the classic notebook).
     */
    static String notebookOf(java.util.Map<String, String> env) {
        String nb = env.get(NOTEBOOK_ENV);
        if (nb != null && !nb.isBlank()) return nb.strip();
        String session = env.get(JUPYTER_SESSION_ENV);
        if (session == null || session.isBlank()) return "";
        String file = Path.of(session.strip()).getFileName().toString();
        return file.endsWith(".ipynb") ? file.substring(0, file.length() - ".ipynb".length()) : file;
    }

    /** A study of {@code profile} in {@code workspace} on its default dataset, saying nothing (tests, tools). */
    public static Study of(Profile profile, Workspace workspace) {
        return new Study(profile, DatasetConfig.paper(), workspace, DEFAULT_SEED, Progress.NONE, "", PretrainedWeights.Options.none());
    }

    public Study withProfile(Profile p) {
        // the default dataset depends on the profile (quick or full-size synthetic): resolve again
        return new Study(p, data.synthetic() != null ? DatasetConfig.paper().withSide(data.side()).withLenient(data.lenient())
                .withSplit(data.split()) : data, workspace, seed, display, notebook, weights);
    }

    /** This study on another dataset (resolved here: a given source must exist). */
    public Study withData(DatasetConfig d) {
        return new Study(profile, d, workspace, seed, display, notebook, weights);
    }

    /** This study on the FER-2013 CSV, folder form or FER+ folder at {@code source}; {@code null}: the default dataset. */
    public Study withSource(Path source) {
        DatasetConfig d = DatasetConfig.paper().withSide(data.side()).withLenient(data.lenient()).withSplit(data.split());
        return withData(source == null ? d : d.withSource(source));
    }

    public Study withLenient(boolean lenient) {
        return withData(data.withLenient(lenient));
    }

    public Study withWorkspace(Workspace w) {
        return new Study(profile, data.synthetic() != null ? DatasetConfig.paper().withSplit(data.split()) : data, w, seed, display, notebook, weights);
    }

    public Study withSeed(long s) {
        return new Study(profile, data, workspace, s, display, notebook, weights);
    }

    public Study withWeights(PretrainedWeights.Options o) {
        return new Study(profile, data, workspace, seed, display, notebook, o);
    }

    public Study withProgress(Progress p) {
        return new Study(profile, data, workspace, seed, p, notebook, weights);
    }

    /** Progress of a step called {@code title}: an output of its own in a notebook (in the cell that runs the step). */
    public Progress progress(String title) {
        return display.titled(title);
    }

    /** Progress of an untitled step: an output of its own in a notebook. */
    public Progress progress() {
        return display.titled("");
    }

    /** Where this study's figures go, named with its profile and notebook. */
    public Figures figures() {
        return new Figures(workspace.figures(), profile, notebook);
    }

    /**
     * Makes this study's dataset the one later notebooks and {@code fer} commands of the workspace use (notebook 01
     * calls it); the default dataset forgets any earlier choice. Returns this study.
     */
    public Study rememberDataset() {
        Path file = workspace.runs().resolve(DATASET_CHOICE);
        try {
            Files.createDirectories(workspace.runs());
            if (data.synthetic() != null || data.source() == null) {
                Files.deleteIfExists(file);
                return this;
            }
            Properties p = new Properties();
            p.setProperty("source", data.source().toAbsolutePath().toString());
            p.setProperty("side", Integer.toString(data.side()));
            p.setProperty("lenient", Boolean.toString(data.lenient()));
            p.setProperty("split.seed", Long.toString(data.split().seed()));
            p.setProperty("split.validation_fraction", Double.toString(data.split().validationFraction()));
            p.setProperty("split.official", Boolean.toString(data.split().officialSplits()));
            AtomicFiles.write(file, out -> p.store(out, "the dataset notebook 01 chose; later notebooks and fer commands read it (delete it for the default)"));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + FileErrors.cause(e), e);
        }
    }

    /** The dataset choice {@link #rememberDataset()} left in {@code w}, if any. */
    static java.util.Optional<DatasetConfig> rememberedDataset(Workspace w) {
        Path file = w.runs().resolve(DATASET_CHOICE);
        if (!Files.isRegularFile(file)) return java.util.Optional.empty();
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            Path source = Path.of(p.getProperty("source"));
            if (!Files.exists(source)) {
                throw new BadDataException(source.toString(), "dataset not found; it was chosen in notebook 01 and recorded in "
                        + file + " (run notebook 01 again, or delete that file for the default dataset)");
            }
            SplitConfig split = new SplitConfig(Long.parseLong(p.getProperty("split.seed")),
                    Double.parseDouble(p.getProperty("split.validation_fraction")), Boolean.parseBoolean(p.getProperty("split.official")));
            return java.util.Optional.of(DatasetConfig.paper().withSource(source).withSide(Integer.parseInt(p.getProperty("side")))
                    .withLenient(Boolean.parseBoolean(p.getProperty("lenient"))).withSplit(split));
        } catch (NullPointerException | NumberFormatException e) {
            throw new IllegalStateException(file + ": not a dataset choice written by Study.rememberDataset (" + e + "); delete it");
        }
    }

    /** A few lines for a notebook's first output: profile, dataset, folders. */
    public String describe() {
        return String.format(Locale.ROOT, "profile %s, seed %d%ndataset: %s%noutputs: %s, %s, %s", profile.id(), seed,
                data.describe(), workspace.show(workspace.figures()), workspace.show(workspace.models()), workspace.show(workspace.runs()));
    }
}
