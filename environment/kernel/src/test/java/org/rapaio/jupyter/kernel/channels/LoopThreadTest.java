package org.rapaio.jupyter.kernel.channels;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The overlay's LoopThread must win over upstream's and must never exit before its first turn. */
class LoopThreadTest {

    @Test
    void overlayClassShadowsUpstream() {
        // Same class path order as kernel.json: the overlay's classes first, then the upstream jar.
        String where = LoopThread.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertFalse(where.contains("rapaio-jupyter-kernel"), "upstream LoopThread was loaded from " + where);
    }

    @Test
    void everyStartedLoopRunsItsBody() throws InterruptedException {
        // Upstream loses this race in a fraction of starts; many short-lived threads make it likely.
        int n = 300;
        CountDownLatch ran = new CountDownLatch(n);
        List<LoopThread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean[] counted = {false};
            LoopThread t = new LoopThread("t" + i, 1, () -> {
                if (!counted[0]) {
                    counted[0] = true;
                    ran.countDown();
                }
            });
            threads.add(t);
            t.start();
        }
        boolean all = ran.await(20, TimeUnit.SECONDS);
        threads.forEach(LoopThread::shutdown);
        for (LoopThread t : threads) {
            t.join(2000);
        }
        assertTrue(all, (n - ran.getCount()) + " of " + n + " loops ran their body; the rest exited at start");
    }

    @Test
    void aThrowingTurnDoesNotEndTheLoop() throws InterruptedException {
        // upstream: the first exception kills the thread, and with it the kernel's shell channel
        CountDownLatch secondTurn = new CountDownLatch(1);
        int[] turns = {0};
        LoopThread t = new LoopThread("throws", 1, () -> {
            if (++turns[0] == 1) {
                throw new NullPointerException("handlers not set yet");
            }
            secondTurn.countDown();
        });
        t.start();
        boolean survived = secondTurn.await(5, TimeUnit.SECONDS);
        t.shutdown();
        t.join(2000);
        assertTrue(survived, "loop ended after its body threw once");
    }

    @Test
    void heldLoopsWaitUntilReleased() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        LoopThread t = new LoopThread("held", 1, ran::countDown);
        LoopThread.holdLoops();
        try {
            t.start();
            assertFalse(ran.await(300, TimeUnit.MILLISECONDS), "loop turned while the gate was held");
        } finally {
            LoopThread.releaseLoops();
        }
        assertTrue(ran.await(5, TimeUnit.SECONDS), "loop did not turn after releaseLoops()");
        t.shutdown();
        t.join(2000);
    }

    @Test
    void shutdownStopsTheLoop() throws InterruptedException {
        LoopThread t = new LoopThread("stop", 1, () -> {});
        t.start();
        assertTrue(t.isRunning());
        t.shutdown();
        t.join(2000);
        assertFalse(t.isAlive(), "loop still alive 2 s after shutdown()");
    }

    @Test
    void interruptStopsTheLoop() throws InterruptedException {
        LoopThread t = new LoopThread("interrupt", 10_000, () -> {});
        t.start();
        t.interrupt();
        t.join(2000);
        assertFalse(t.isAlive(), "loop still alive 2 s after interrupt()");
        assertFalse(t.isRunning());
    }
}
