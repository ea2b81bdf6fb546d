package io.ppctl.smoke;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.report.CheckResult;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs checks on a few threads (they exec into the same container) and returns their results in declaration
 * order. A slow or timed-out check then no longer holds up the rest. The first failure of ppctl itself (daemon
 * gone, interrupted) stops everything.
 */
final class ParallelChecks {
    private ParallelChecks() {}

    static <T> List<CheckResult> run(List<T> items, int threads, Function<T, CheckResult> task, Consumer<CheckResult> done) {
        if (items.isEmpty()) {
            return List.of();
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, items.size())), r -> {
            Thread t = new Thread(r, "ppctl-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<CheckResult>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> {
                    CheckResult r = task.apply(item);
                    done.accept(r);
                    return r;
                }));
            }
            List<CheckResult> results = new ArrayList<>();
            for (Future<CheckResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PpctlException.interrupted();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PpctlException p) {
                throw p;
            }
            throw new PpctlException(ExitCode.INTERNAL, "a check failed unexpectedly: " + cause, null, cause);
        } finally {
            pool.shutdownNow();
        }
    }
}
