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

    /** A second Ctrl-C runs everything and halts: not before the action the first one's unwinding is in the middle of. */
    @Test
    void runAllWaitsForTheActionAnotherThreadIsInTheMiddleOf() throws Exception {
        Cleanup cleanup = new Cleanup();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        AtomicBoolean written = new AtomicBoolean();
        cleanup.register("report", () -> {
            started.countDown();
            Thread.sleep(300);
            written.set(true);
        });
        Thread unwinding = new Thread(cleanup::runAll);
        unwinding.start();
        assertThat(started.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        cleanup.runAll();
        assertThat(written).as("the other thread's action finished before runAll returned").isTrue();
        unwinding.join();
    }

    /** After the last pass before a halt, a new resource is undone at once and its creator told to stop (exit 130). */
    @Test
    void afterRunAllAndCloseARegistrationIsUndoneAtOnceAndRefused() {
        Cleanup cleanup = new Cleanup();
        cleanup.runAllAndClose();
        AtomicBoolean undone = new AtomicBoolean();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cleanup.register("container", () -> undone.set(true)))
                .isInstanceOf(PpctlException.class)
                .satisfies(e -> assertThat(((PpctlException) e).exitCode()).isEqualTo(ExitCode.INTERRUPTED));
        assertThat(undone).isTrue();
        assertThat(cleanup.pending()).isZero();
    }

    /** The clean-up actions themselves may still write (the interrupted report): they run on the closing thread. */
    @Test
    void anActionRunningDuringTheLastPassMayStillRegister() {
        Cleanup cleanup = new Cleanup();
        AtomicBoolean nestedRan = new AtomicBoolean();
        cleanup.register("report", () -> cleanup.register("temporary file", () -> nestedRan.set(true)).close());
        cleanup.runAllAndClose();
        assertThat(nestedRan).isTrue();
        assertThat(cleanup.pending()).isZero();
    }
}
