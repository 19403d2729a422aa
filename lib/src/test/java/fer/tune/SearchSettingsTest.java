package fer.tune;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26 case 3: search.json held the runner's description with its timing ("computed in 2s"), so a killed search
 * resumed on a busier machine was refused as "started with other settings". Settings are now compared as settings.
 */
class SearchSettingsTest {
    /** Fake trials whose description says how long the features took, different on every start. */
    static final class TimedTrials extends FakeTrials {
        final double seconds;

        TimedTrials(double seconds) {
            this.seconds = seconds;
        }

        @Override public String describe() {
            return "fake trials (features computed in " + seconds + "s)";
        }

        @Override public String settings() {
            return "fake trials";
        }
    }

    @Test
    void aResumeWhoseTimingDiffersIsTheSameSearch(@TempDir Path dir) throws Exception {
        SearchConfig c = SearchConfig.of("t", SearchSpace.table2(), Strategy.RANDOM, 3, 2, 5);
        Search.run(c, new TimedTrials(2), dir, SearchProgress.silent());
        String meta = Files.readString(dir.resolve(Search.META));
        assertFalse(meta.contains("computed in"), "search.json holds no timing: " + meta);
        // the same search, features now taking 9 s: resumed, every trial from the log
        SearchResult again = Search.run(c, new TimedTrials(9), dir, SearchProgress.silent());
        assertEquals(3, again.keptFromLog());
    }

    @Test
    void aLegacySearchJsonWithATimingStillResumes(@TempDir Path dir) throws Exception {
        SearchConfig c = SearchConfig.of("t", SearchSpace.table2(), Strategy.RANDOM, 2, 2, 5);
        Search.run(c, new TimedTrials(2), dir, SearchProgress.silent());
        Path meta = dir.resolve(Search.META);
        // as an older version wrote it: the runner text with "; computed in 2s" inside
        Files.writeString(meta, Files.readString(meta).replace("\"fake trials\"", "\"fake trials; computed in 2s\""));
        assertEquals(2, Search.run(c, new TimedTrials(5), dir, SearchProgress.silent()).keptFromLog());
    }

    @Test
    void aResumeWithOtherSettingsIsRefusedNamingEachDifference(@TempDir Path dir) {
        Search.run(SearchConfig.of("t", SearchSpace.table2(), Strategy.RANDOM, 3, 2, 5), new TimedTrials(2), dir, SearchProgress.silent());
        var e = assertThrows(IllegalStateException.class, () -> Search.run(
                SearchConfig.of("t", SearchSpace.table2(), Strategy.RANDOM, 4, 3, 5), new TimedTrials(2), dir, SearchProgress.silent()));
        assertTrue(e.getMessage().contains("trials: was 3, now 4"), e.getMessage());
        assertTrue(e.getMessage().contains("epochs: was 2, now 3"), e.getMessage());
        assertFalse(e.getMessage().contains("seed:"), "only what differs is listed: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
