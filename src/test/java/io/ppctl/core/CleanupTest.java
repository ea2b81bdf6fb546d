package io.ppctl.core;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class CleanupTest {

    @Test
    void undoActionsRunUninterruptedAfterCtrlCAndTheInterruptIsKept() {
        Cleanup cleanup = new Cleanup();
        AtomicBoolean sawInterrupt = new AtomicBoolean(true);
        Cleanup.Handle h = cleanup.register("container", () -> sawInterrupt.set(Thread.currentThread().isInterrupted()));
        Thread.currentThread().interrupt();
        try {
            h.close();
            assertThat(sawInterrupt).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(cleanup.pending()).isZero();
    }
}
