package fer.viz;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress display outside a notebook: lines that stay are all printed, live lines at most every 10 s in a log. */
class ProgressDisplayTest {
    @Test
    void aLogGetsEveryLineThatStaysAndLiveLinesSparingly() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var p = ProgressDisplay.log(new PrintStream(bytes, true, StandardCharsets.UTF_8)).titled("run");
        p.log("training 3 epochs");
        for (int i = 1; i <= 1000; i++) p.live("batch " + i + "/1000");
        p.log("epoch 1/3 done");
        p.meter("test", "images").update(900, 900);
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("run training 3 epochs", lines.get(0));
        assertEquals("run batch 1/1000", lines.get(1), "the first live line shows at once");
        assertEquals(4, lines.size(), "999 more live lines within 10 s print nothing: " + lines);
        assertEquals("run epoch 1/3 done", lines.get(2));
        assertTrue(lines.get(3).startsWith("run test: 900/900 images") && lines.get(3).contains("took"), lines.get(3));
    }

    @Test
    void clockFormatsMinutesAndHours() {
        assertEquals("0:05", fer.Progress.clock(4.6));
        assertEquals("2:03", fer.Progress.clock(123));
        assertEquals("1:00:01", fer.Progress.clock(3601));
        assertEquals("?", fer.Progress.clock(Double.NaN));
    }
}
