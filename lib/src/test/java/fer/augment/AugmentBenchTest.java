package fer.augment;

import static org.junit.jupiter.api.Assertions.*;

import fer.cli.FerCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AugmentBenchTest {
    @Test
    void benchAugmentIsReachableFromTheCliAndPrintsAMeasuredRate() {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            rc = FerCli.run("bench", "augment", "--images", "256", "--epochs", "1", "--step-ms", "5", "--cnn-batches", "0");
        } finally {
            System.setOut(saved);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, out);
        Matcher m = Pattern.compile("throughput \\(2 prefetch thread\\(s\\)\\): ([\\d,]+) augmented images/s \\(256 images").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Long.parseLong(m.group(1).replace(",", "")) > 0);
        assertTrue(out.contains("data wait with a simulated 5 ms step"), out);
    }
}
