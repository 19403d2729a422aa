package fer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 26 case 1: the one name check every run, model and search name passes through. */
class NamesTest {
    @Test
    void refusesNamesThatAreNotOneSafeFileName() {
        for (String bad : List.of("", ".", "..", "../../escape", "a/b", "a\\b", ".hidden", "a..b", "with space", "tab\t", "é",
                "x".repeat(101))) {
            var e = assertThrows(IllegalArgumentException.class, () -> Names.check("run name", bad), bad);
            assertTrue(e.getMessage().startsWith("run name '"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            assertFalse(Names.isSafe(bad), bad);
        }
    }

    @Test
    void acceptsTheSafeAlphabet() {
        for (String good : List.of("r", "small-quick", "hpo-quick-halving", "v1.2_final", "A9", "x".repeat(100))) {
            assertEquals(good, Names.check("run name", good));
        }
    }
}
