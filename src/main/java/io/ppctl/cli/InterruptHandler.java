package io.ppctl.cli;

import io.ppctl.core.Cleanup;
import io.ppctl.core.ExitCode;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP: interrupt the running command so it unwinds and removes what it started,
 * and, should it not finish within a grace period, remove everything registered with {@link Cleanup}
 * and exit anyway. A shutdown hook is the last line of defence for any other exit.
 */
final class InterruptHandler {
    private static final AtomicBoolean INTERRUPTED = new AtomicBoolean();
    private static final long GRACE_MILLIS = 20_000;

    private InterruptHandler() {}

    static boolean wasInterrupted() {
        return INTERRUPTED.get();
    }

    /** Installs the handlers for the real process (main only; tests run commands in-process without them). */
    @SuppressWarnings("removal")
    static void install(Thread worker) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Cleanup.global().runAllAndClose(), "ppctl-cleanup"));
        try {
            sun.misc.SignalHandler handler = signal -> onSignal(worker, signal.getName());
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), handler);
            // A closed terminal or a CI runner that hangs up stops ppctl like SIGTERM: report written, nothing left.
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), handler);
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            // No signal support here: the shutdown hook still cleans up, only the exit code is the JVM's.
        }
    }

    private static void onSignal(Thread worker, String name) {
        if (!INTERRUPTED.compareAndSet(false, true)) {
            // A second Ctrl-C: the user means it. Clean up now and leave.
            Cleanup.global().runAllAndClose();
            Runtime.getRuntime().halt(ExitCode.INTERRUPTED.code());
        }
        worker.interrupt();
        Thread watchdog = new Thread(() -> {
            try {
                worker.join(GRACE_MILLIS);
            } catch (InterruptedException ignored) {
                // fall through to the forced exit
            }
            if (worker.isAlive()) {
                Cleanup.global().runAllAndClose();
                Runtime.getRuntime().halt(ExitCode.INTERRUPTED.code());
            }
        }, "ppctl-interrupt-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
