package io.ppctl.registry;

import io.ppctl.config.PushConfig;
import io.ppctl.core.Durations;
import io.ppctl.core.PpctlException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryTest {
    private final List<Duration> slept = new ArrayList<>();
    private final List<String> told = new ArrayList<>();

    private Retry retry(int attempts, String initial, String max) {
        return new Retry(new PushConfig(attempts, Durations.parse(initial), Durations.parse(max)),
                slept::add, told::add);
    }

    @Test
    void doublesTheBackoffUpToTheMaximum() {
        Retry r = retry(8, "1s", "5s");
        assertThat(List.of(r.backoff(1), r.backoff(2), r.backoff(3), r.backoff(4), r.backoff(5)))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5),
                        Duration.ofSeconds(5));
    }

    @Test
    void retriesTransientFailuresAndReturnsTheFirstSuccess() {
        AtomicInteger calls = new AtomicInteger();
        String result = retry(4, "100ms", "1s").run("reading a manifest", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new Retry.TransientException("GET /v2/ answered 503");
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(3);
        assertThat(slept).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(told).hasSize(2).first().asString().contains("reading a manifest", "503", "retry 2 of 4", "100ms");
    }

    @Test
    void givesUpWithExitThreeAfterTheLastAttempt() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry(3, "10ms", "1s").run("pushing x:v1", () -> {
            calls.incrementAndGet();
            throw new Retry.TransientException("connection refused by 127.0.0.1:5000");
        })).isInstanceOfSatisfying(PpctlException.class, e -> {
            assertThat(e.exitCode().code()).isEqualTo(3);
            assertThat(e.getMessage()).isEqualTo("pushing x:v1 failed after 3 attempts: connection refused by 127.0.0.1:5000");
        });
        assertThat(calls).hasValue(3);
        assertThat(slept).hasSize(2);
    }

    @Test
    void neverRetriesWhatIsNotTransient() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry(4, "10ms", "1s").run("pinging", () -> {
            calls.incrementAndGet();
            throw PpctlException.environment("ghcr refused user x", null, null);
        })).hasMessage("ghcr refused user x");
        assertThat(calls).hasValue(1);
        assertThat(slept).isEmpty();
    }

    @Test
    void waitsAsLongAsRetryAfterAsks() {
        AtomicInteger calls = new AtomicInteger();
        retry(3, "100ms", "10s").run("pushing", () -> {
            if (calls.incrementAndGet() == 1) {
                throw new Retry.TransientException("429 TOOMANYREQUESTS", Duration.ofSeconds(3));
            }
            return 1;
        });
        assertThat(slept).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void aRetryAfterBeyondTheMaximumBackoffStopsAtOnceInsteadOfHammering() {
        assertThatThrownBy(() -> retry(4, "100ms", "30s").run("pushing", () -> {
            throw new Retry.TransientException("429 TOOMANYREQUESTS", Duration.ofMinutes(5));
        })).isInstanceOfSatisfying(PpctlException.class, e -> {
            assertThat(e.exitCode().code()).isEqualTo(3);
            assertThat(e.getMessage()).contains("asks to wait 5m00s, longer than push.maxBackoff (30s)");
        });
        assertThat(slept).isEmpty();
    }
}
