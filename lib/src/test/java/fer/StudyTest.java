package fer;

import static org.junit.jupiter.api.Assertions.*;

import fer.data.BadDataException;
import fer.data.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The study value: built once at the edge from the environment, resolved there, and carried between notebooks. */
class StudyTest {
    @TempDir Path root;

    Workspace workspace(Map<String, String> env) {
        return Workspace.fromEnvironment(env, root.toString(), root);
    }

    @Test
    void theNotebookIsFerRunsOrTheOneJupyterLabStartedTheKernelFor() {
        // fer run exports FER_NOTEBOOK; jupyter_server gives a kernel JPY_SESSION_NAME = the notebook's path
        assertEquals("01-eda", Study.notebookOf(Map.of("FER_NOTEBOOK", "01-eda",
                "JPY_SESSION_NAME", "/srv/fer/notebooks/05-evaluation.ipynb")));
        assertEquals("05-evaluation", Study.notebookOf(Map.of("JPY_SESSION_NAME", "/srv/fer/notebooks/05-evaluation.ipynb")));
        assertEquals("05-evaluation", Study.notebookOf(Map.of("FER_NOTEBOOK", " ", "JPY_SESSION_NAME", "05-evaluation.ipynb")));
        assertEquals("", Study.notebookOf(Map.of()));
    }

    @Test
    void ferDataThatIsMissingOrAFileIsAnErrorNamingIt() throws IOException {
        var missing = assertThrows(IllegalArgumentException.class, () -> workspace(Map.of("FER_DATA", root.resolve("nope").toString())));
        assertTrue(missing.getMessage().contains("FER_DATA=" + root.resolve("nope")) && missing.getMessage().contains("no such folder"),
                missing.getMessage());
        Path csv = Files.writeString(root.resolve("fer2013.csv"), "emotion,pixels,Usage\n");
        var file = assertThrows(IllegalArgumentException.class, () -> workspace(Map.of("FER_DATA", csv.toString())));
        assertTrue(file.getMessage().contains("is a file"), file.getMessage());
    }

    @Test
    void syntheticDefaultIsGeneratedUnderTheProjectNeverInTheUsersDataFolder() throws IOException {
        Path mine = Files.createDirectories(root.resolve("my-data"));
        Workspace w = workspace(Map.of("FER_DATA", mine.toString(), "FER_OUTPUT", root.resolve("out").toString()));
        assertEquals(mine, w.data());
        assertEquals(root.resolve("data"), w.generated());
        assertEquals(root.resolve("out/runs"), w.runs());
        assertEquals(root.resolve("out/figures"), w.figures());
        Study s = Study.of(Profile.QUICK, w).withSeed(7);
        assertNotNull(s.data().synthetic(), "nothing in my-data: the synthetic default (generated on first use, not yet)");
        assertEquals(root.resolve("data").resolve(Datasets.SYNTHETIC_DIR), s.data().source());
        assertEquals(root.resolve("data").resolve(Datasets.SYNTHETIC_FULL_DIR), s.withProfile(Profile.PAPER).data().source(),
                "the paper profile's default is the full-size set");
        Files.writeString(mine.resolve("fer2013.csv"), "emotion,pixels,Usage\n");
        assertEquals(mine.resolve("fer2013.csv"), Study.of(Profile.QUICK, w).data().source(), "FER-2013 where FER_DATA points");
    }

    @Test
    void aDatasetChosenOnceIsWhatTheNextStudyOfTheWorkspaceUses() throws IOException {
        Workspace w = workspace(Map.of());
        Path ferplus = Files.createDirectories(root.resolve("ferplus"));
        Study chosen = Study.of(Profile.QUICK, w).withSource(ferplus).withLenient(true).rememberDataset();
        assertEquals(ferplus, chosen.data().source());
        Study next = new Study(Profile.QUICK, Study.rememberedDataset(w).orElseThrow(), w, Study.DEFAULT_SEED, null, "", null);
        assertEquals(ferplus.toAbsolutePath(), next.data().source());
        assertTrue(next.data().lenient());
        assertNull(next.data().synthetic());

        Study.of(Profile.QUICK, w).withSource(null).rememberDataset();
        assertTrue(Study.rememberedDataset(w).isEmpty(), "the default forgets the choice");

        Study.of(Profile.QUICK, w).withSource(ferplus).rememberDataset();
        Files.delete(ferplus);
        var gone = assertThrows(BadDataException.class, () -> Study.rememberedDataset(w));
        assertTrue(gone.getMessage().contains(ferplus.toString()) && gone.getMessage().contains(Study.DATASET_CHOICE), gone.getMessage());
    }

    @Test
    void aGivenSourceMustExist() {
        var e = assertThrows(BadDataException.class, () -> Study.of(Profile.QUICK, workspace(Map.of())).withSource(root.resolve("fer.csv")));
        assertTrue(e.getMessage().contains(root.resolve("fer.csv").toString()), e.getMessage());
    }
}
