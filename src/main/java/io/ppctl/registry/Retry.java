package io.ppctl.registry;

import io.ppctl.config.PushConfig;
import io.ppctl.core.Durations;
import io.ppctl.core.PpctlException;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Retries an operation that failed transiently (connection reset or refused mid-operation, 5xx, 429) with
 * exponential backoff from {@code push:} in the config: initialBackoff, doubled after each failure, up to
 * maxBackoff, at most {@code attempts} tries in all. Anything else (401, 403, a refused overwrite) is not
 * retried: it propagates at once. When the attempts are used up the operation fails with exit code 3.
 */
public final class Retry {

    /** A failure worth trying again. {@code retryAfter} is the server's Retry-After, or null. */
    public static final class TransientException extends Exception {
        private final Duration retryAfter;

        public TransientException(String message, Duration retryAfter) {
            super(message, null, false, false);
            this.retryAfter = retryAfter;
        }

        public TransientException(String message) {
            this(message, null);
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    @FunctionalInterface
    public interface Action<T> {
        T run() throws TransientException, InterruptedException;
    }

    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final PushConfig config;
    private final Sleeper sleeper;
    private final Consumer<String> onRetry;

    /** @param onRetry told before each wait, e.g. "ghcr: 503 Service Unavailable; retry 2 of 4 in 200ms" */
    public Retry(PushConfig config, Sleeper sleeper, Consumer<String> onRetry) {
        this.config = config;
        this.sleeper = sleeper;
        this.onRetry = onRetry;
    }

    public Retry(PushConfig config, Consumer<String> onRetry) {
        this(config, d -> Thread.sleep(d.toMillis()), onRetry);
    }

    /** The same policy with at most {@code attempts} tries (doctor's quick look uses one). */
    public Retry withAttempts(int attempts) {
        return new Retry(new PushConfig(attempts, config.initialBackoff(), config.maxBackoff()), sleeper, onRetry);
    }

    public PushConfig config() {
        return config;
    }

    /** The wait after the {@code failures}-th failure: initial * 2^(failures-1), at most maxBackoff. */
    public Duration backoff(int failures) {
        Duration d = config.initialBackoff();
        for (int i = 1; i < failures && d.compareTo(config.maxBackoff()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : d;
    }

    /** Runs {@code action}; {@code what} names it in messages: "pushing 127.0.0.1:5000/acme/x:v1.0.2". */
    public <T> T run(String what, Action<T> action) {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.run();
            } catch (TransientException e) {
                if (attempt >= config.attempts()) {
                    throw PpctlException.environment(what + " failed after " + attempt
                            + (attempt == 1 ? " attempt: " : " attempts: ") + e.getMessage(),
                            "the registry may be down or overloaded; try again later, or raise push.attempts", null);
                }
                Duration wait = backoff(attempt);
                if (e.retryAfter() != null) {
                    if (e.retryAfter().compareTo(config.maxBackoff()) > 0) {
                        throw PpctlException.environment(what + ": " + e.getMessage() + "; the registry asks to wait "
                                + Durations.format(e.retryAfter()) + ", longer than push.maxBackoff ("
                                + Durations.compact(config.maxBackoff()) + ")", "try again later", null);
                    }
                    wait = e.retryAfter().compareTo(wait) > 0 ? e.retryAfter() : wait;
                }
                onRetry.accept(what + ": " + e.getMessage() + "; retry " + (attempt + 1) + " of " + config.attempts()
                        + " in " + Durations.format(wait));
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw PpctlException.interrupted();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw PpctlException.interrupted();
            }
        }
    }
}
