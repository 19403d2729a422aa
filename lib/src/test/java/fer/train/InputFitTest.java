package fer.train;

import static org.junit.jupiter.api.Assertions.*;

import fer.Profile;
import fer.model.Architecture;
import fer.model.InputFit;
import fer.model.Models;
import org.junit.jupiter.api.Test;

/**
 * The input-size check before inference: every study network fits the size it was built for (a batch-normalised VGG
 * once failed it: the check compared a batch norm's channels with the flattened image), and a wrong size is named.
 */
class InputFitTest {
    @Test
    void everyStudyNetworkFitsItsOwnInputAndRefusesAnother() {
        for (Architecture a : Architecture.values()) {
            var plan = TrainingPlan.of(Profile.QUICK, a);
            var spec = plan.model();
            var net = Models.build(spec, plan.train().optimizer());
            int side = spec.inputSide(), channels = spec.channels();
            assertDoesNotThrow(() -> InputFit.check(net, side, channels, a.id()), a.id() + " at its own input");
            int other = channels == 3 ? 1 : 3;
            var e = assertThrows(IllegalArgumentException.class, () -> InputFit.check(net, side, other, a.id()), a.id());
            assertTrue(e.getMessage().contains("does not fit") && e.getMessage().contains("channels"), e.getMessage());
        }
    }
}
