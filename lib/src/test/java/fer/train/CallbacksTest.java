package fer.train;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class CallbacksTest {
    static EpochMetrics valLoss(int epoch, double v) {
        return new EpochMetrics(epoch, 1, 0.5, v, 0.5, 0.1, 1);
    }

    @Test
    void reduceLrCutsAfterPatienceThenCoolsDownLikeKeras() {
        var r = new ReduceLrOnPlateau(new ReduceLrOnPlateau.Config(Monitor.VAL_LOSS, 0.5, 2, 0.0, 1, 0.02));
        double lr = 0.1;
        lr = r.nextLearningRate(valLoss(1, 1.0), lr); // best
        assertEquals(0.1, lr);
        lr = r.nextLearningRate(valLoss(2, 1.0), lr); // wait 1
        assertEquals(0.1, lr);
        lr = r.nextLearningRate(valLoss(3, 1.1), lr); // wait 2 -> cut
        assertEquals(0.05, lr, 1e-12);
        lr = r.nextLearningRate(valLoss(4, 1.2), lr); // cooldown
        assertEquals(0.05, lr, 1e-12);
        lr = r.nextLearningRate(valLoss(5, 1.2), lr); // wait 1
        lr = r.nextLearningRate(valLoss(6, 1.2), lr); // wait 2 -> cut to 0.025
        assertEquals(0.025, lr, 1e-12);
        lr = r.nextLearningRate(valLoss(7, 1.2), lr);
        lr = r.nextLearningRate(valLoss(8, 1.2), lr);
        lr = r.nextLearningRate(valLoss(9, 1.2), lr);
        assertEquals(0.02, lr, 1e-12, "never below min_lr");
        lr = r.nextLearningRate(valLoss(10, 0.5), lr);
        assertEquals(0.02, lr, 1e-12);
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRemembersTheBestEpoch() {
        var e = new EarlyStopping(new EarlyStopping.Config(Monitor.VAL_ACCURACY, 2, 0.01, true));
        assertTrue(e.record(new EpochMetrics(1, 1, 0.5, 1, 0.40, 0.1, 1)));
        assertTrue(e.record(new EpochMetrics(2, 1, 0.5, 1, 0.50, 0.1, 1)));
        assertFalse(e.record(new EpochMetrics(3, 1, 0.5, 1, 0.505, 0.1, 1)), "below min_delta");
        assertFalse(e.shouldStop());
        assertFalse(e.record(new EpochMetrics(4, 1, 0.5, 1, 0.45, 0.1, 1)));
        assertTrue(e.shouldStop());
        assertEquals(2, e.bestEpoch());
        var props = new java.util.Properties();
        e.saveState(props);
        var again = new EarlyStopping(e.config());
        again.restoreState(props);
        assertTrue(again.shouldStop());
        assertEquals(2, again.bestEpoch());
    }

    @Test
    void monitorParsesKerasNames() {
        assertEquals(Monitor.VAL_ACCURACY, Monitor.parse("val_acc"));
        assertEquals(Monitor.VAL_LOSS, Monitor.parse("val_loss"));
        assertThrows(IllegalArgumentException.class, () -> Monitor.parse("f1"));
    }
}
