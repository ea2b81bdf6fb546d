package io.ppctl.push;

import io.ppctl.config.PushConfig;
import io.ppctl.config.RegistryConfig;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.event.EventBus;
import io.ppctl.registry.Retry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Row 10 of issue 15: an unreachable registry, the first error a newcomer meets, says how to go on without one. */
class PushPreflightTest {

    @Test
    void anUnreachableRegistrySuggestsNoPushAndDryRun() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // free again once closed: the connection is refused
        }
        RegistryConfig r = new RegistryConfig("local", "127.0.0.1:" + closed + "/team/app", false);
        PpctlException e = catchThrowableOfType(() -> PushPreflight.connect(List.of(r), Map.of(), Map.of(),
                new Retry(PushConfig.DEFAULT, m -> { }).withAttempts(1), EventBus.silent()), PpctlException.class);
        assertThat(e).isNotNull();
        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("127.0.0.1:" + closed);
        assertThat(e.hint()).contains("ppctl release --no-push").contains("--dry-run");
    }
}
