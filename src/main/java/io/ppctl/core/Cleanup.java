package io.ppctl.core;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Undo actions for everything ppctl creates (containers, temporary files, half-written reports).
 * Code registers an action right after creating the resource and closes the returned handle when it
 * cleaned up by itself; whatever is still registered runs, newest first, when the command ends or is
 * interrupted, so Ctrl-C never leaves anything behind.
 */
public final class Cleanup {
    public interface Action {
        void run() throws Exception;
    }

    /** Closing the handle runs the action now (once) and unregisters it. */
    public interface Handle extends AutoCloseable {
        @Override
        void close();
    }

    private static final Cleanup GLOBAL = new Cleanup();
    /** How long {@link #runAll} waits for actions other threads are in the middle of. */
    private static final long AWAIT_OTHERS_MILLIS = 10_000;
    private final Deque<Entry> entries = new ArrayDeque<>();
    /** The threads running an action they took off the list (guarded by {@code entries}). */
    private final java.util.List<Thread> running = new java.util.ArrayList<>();
    /**
     * Set by {@link #runAllAndClose} before the JVM halts (guarded by {@code entries}): a resource registered after
     * the last clean-up pass would outlive the process, so it is undone at once instead.
     */
    private boolean closed;

    public static Cleanup global() {
        return GLOBAL;
    }

    /**
     * Registers an undo action. Once {@link #runAllAndClose} started, a thread other than the ones running clean-up
     * actions gets its action run at once and a {@link PpctlException} with exit code 130: what it just created is gone
     * again, and it must not create more, because the JVM is about to halt.
     */
    public Handle register(String description, Action action) {
        Entry entry = new Entry(description, action);
        boolean refused;
        synchronized (entries) {
            refused = closed && !running.contains(Thread.currentThread());
            if (!refused) {
                entries.push(entry);
            }
        }
        if (refused) {
            entry.runQuietly();
            throw PpctlException.interrupted();
        }
        return () -> {
            boolean mine;
            synchronized (entries) {
                mine = entries.remove(entry);
                if (mine) {
                    running.add(Thread.currentThread());
                }
            }
            if (mine) {
                runTaken(entry);
            }
        };
    }

    /**
     * Runs every pending action, newest first; failures are swallowed so one stuck resource never blocks the rest.
     * Then waits (at most 10 s) for the actions other threads are in the middle of: a second Ctrl-C runs this and
     * halts the JVM, which must not cut off the unwinding command's (or the first signal's) half-written report.
     */
    public void runAll() {
        while (true) {
            Entry next;
            synchronized (entries) {
                next = entries.poll();
                if (next != null) {
                    running.add(Thread.currentThread());
                }
            }
            if (next == null) {
                break;
            }
            runTaken(next);
        }
        long deadline = System.nanoTime() + AWAIT_OTHERS_MILLIS * 1_000_000;
        synchronized (entries) {
            Thread me = Thread.currentThread();
            long left;
            while (running.stream().anyMatch(t -> t != me) && (left = (deadline - System.nanoTime()) / 1_000_000) > 0) {
                try {
                    entries.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * {@link #runAll} for the paths that halt the JVM next (a second Ctrl-C, the grace period over): from now on
     * nothing more can be registered, so no thread still unwinding creates a file or container after the last pass.
     */
    public void runAllAndClose() {
        synchronized (entries) {
            closed = true;
        }
        runAll();
    }

    private void runTaken(Entry entry) {
        try {
            entry.runQuietly();
        } finally {
            synchronized (entries) {
                running.remove(Thread.currentThread());
                entries.notifyAll();
            }
        }
    }

    public int pending() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** Identity matters here (two entries may look alike), so this is a class, not a record. */
    private static final class Entry {
        private final String description;
        private final Action action;

        Entry(String description, Action action) {
            this.description = description;
            this.action = action;
        }

        /**
         * Undo actions run most often right after Ctrl-C, on the thread that was interrupted; blocking I/O (a Docker
         * call) would fail at once on it. So the interrupt is set aside while the action runs, then restored.
         */
        void runQuietly() {
            boolean interrupted = Thread.interrupted();
            try {
                action.run();
            } catch (Exception ignored) {
                // Best effort: the resource may already be gone, or the daemon may be down.
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
