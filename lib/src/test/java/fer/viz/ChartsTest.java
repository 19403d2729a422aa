package fer.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fer.data.Emotion;
import fer.data.InMemoryImages;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartsTest {
    /** FER-2013's training counts as the report gives them (Section 4.2): happy 7,215 the largest, disgust 436 the smallest. */
    private static final int[] FER_TRAIN = {3995, 436, 4097, 7215, 4830, 3171, 4965};

    @Test
    void distributionHeadlineGivesTheReportsNumbersForFer2013Counts() {
        assertEquals("largest happy 7,215, smallest disgust 436, of 28,709 images",
                Charts.distributionHeadline(images(FER_TRAIN)));
    }

    @Test
    void distributionHeadlineBreaksTiesByClassOrder() {
        assertEquals("largest angry 2, smallest disgust 1, of 9 images",
                Charts.distributionHeadline(images(new int[] {2, 1, 1, 1, 2, 1, 1})));
    }

    private static InMemoryImages images(int[] perClass) {
        int n = 0;
        for (int c : perClass) n += c;
        int[] labels = new int[n];
        String[] sources = new String[n];
        for (int c = 0, i = 0; c < perClass.length; c++) {
            for (int k = 0; k < perClass[c]; k++, i++) {
                labels[i] = c;
                sources[i] = "img" + i;
            }
        }
        return new InMemoryImages("counts", 1, Emotion.FER2013, new byte[n], labels, sources);
    }
}
