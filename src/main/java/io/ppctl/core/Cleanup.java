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
    private final Deque<Entry> entries = new ArrayDeque<>();

    public static Cleanup global() {
        return GLOBAL;
    }

    public Handle register(String description, Action action) {
        Entry entry = new Entry(description, action);
        synchronized (entries) {
            entries.push(entry);
        }
        return () -> {
            boolean mine;
            synchronized (entries) {
                mine = entries.remove(entry);
            }
            if (mine) {
                entry.runQuietly();
            }
        };
    }

    /** Runs every pending action, newest first; failures are swallowed so one stuck resource never blocks the rest. */
    public void runAll() {
        while (true) {
            Entry next;
            synchronized (entries) {
                next = entries.poll();
            }
            if (next == null) {
                return;
            }
            next.runQuietly();
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
