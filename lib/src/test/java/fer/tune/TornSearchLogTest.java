package fer.tune;

import static org.junit.jupiter.api.Assertions.*;

import fer.Progress;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26 case 2 as the issue reproduced it: the last line of a search's log cut mid-record, then the search resumed.
 * The resume once appended onto the fragment ({@code ..."err{"trial":9,...}) and the next resume stopped at "not a trial
 * record"; now the fragment is cut off, the resume says so, and every later resume reads the log.
 */
class TornSearchLogTest {
    @Test
    void aResumedSearchCutsTheTornLineAndSaysSo(@TempDir Path dir) throws Exception {
        SearchConfig c = SearchConfig.of("t", SearchSpace.table2(), Strategy.RANDOM, 4, 2, 3);
        Search.run(c, new FakeTrials(), dir, SearchProgress.silent());
        Path log = dir.resolve(TrialLog.FILE);
        long size = Files.size(log);
        String text = Files.readString(log);
        int lastStart = text.lastIndexOf('\n', text.length() - 2) + 1;
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
            f.setLength(lastStart + (size - lastStart) / 2); // half of the last record: "...,"err
        }
        List<String> said = new ArrayList<>();
        Progress p = new Progress() {
            @Override public void log(String line) {
                said.add(line);
            }

            @Override public void live(String line) {}
        };
        SearchResult r = Search.run(c, new FakeTrials(), dir, new SearchProgress(p));
        assertEquals(4, r.trials().size());
        assertTrue(said.stream().anyMatch(l -> l.contains(log + ": cut a torn last line")), String.join("\n", said));
        assertTrue(Files.readString(log).endsWith("\n"));
        // the next resume reads the whole log: every trial from it
        assertEquals(4, Search.run(c, new FakeTrials(), dir, SearchProgress.silent()).keptFromLog());
        for (String line : Files.readAllLines(log)) assertTrue(line.startsWith("{\"trial\":") && line.endsWith("}"), line);
    }
}
