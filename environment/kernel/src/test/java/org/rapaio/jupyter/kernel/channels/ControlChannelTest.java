package org.rapaio.jupyter.kernel.channels;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The overlay's ControlChannel (the interrupt fix) must win over upstream's on the class path. */
class ControlChannelTest {

    @Test
    void overlayClassShadowsUpstream() {
        // Same class path order as kernel.json: the overlay's classes first, then the upstream jar.
        String where = ControlChannel.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertFalse(where.contains("rapaio-jupyter-kernel"), "upstream ControlChannel was loaded from " + where);
    }
}
