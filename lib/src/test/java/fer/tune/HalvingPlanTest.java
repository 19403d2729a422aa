package fer.tune;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class HalvingPlanTest {
    @Test
    void widestBracketWithinTheBudget() {
        // rungs 1, 3, 9 epochs; n configs cost n*1 + floor(n/3)*2 + floor(n/9)*6 epochs
        HalvingPlan p = HalvingPlan.fit(48, 3, 1, 9);
        assertArrayEquals(new int[] {1, 3, 9}, p.epochs());
        // 22 + floor(22/3)*2 + floor(22/9)*6 = 22 + 14 + 12 = 48; 23 would cost 23 + 14 + 12 = 49
        assertArrayEquals(new int[] {22, 7, 2}, p.configs(), p.toString());
        assertEquals(48, p.costEpochs());
        assertTrue(HalvingPlan.fit(47, 3, 1, 9).configs()[0] < 22, "one epoch less buys fewer configurations");
        assertEquals(31, p.trials());
    }

    @Test
    void lastRungStopsAtMaxEpochs() {
        HalvingPlan p = HalvingPlan.fit(100, 2, 2, 10);
        assertArrayEquals(new int[] {2, 4, 8, 10}, p.epochs());
        assertTrue(p.costEpochs() <= 100);
    }

    @Test
    void tooSmallABudgetIsAnError() {
        var e = assertThrows(IllegalArgumentException.class, () -> HalvingPlan.fit(5, 3, 1, 9));
        assertTrue(e.getMessage().contains("budget"), e.getMessage());
    }
}
