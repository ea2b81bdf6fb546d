package io.ppctl.docker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The API version ppctl speaks, from the range each engine's /version reports (README, "Compatibility"). */
class ApiNegotiationTest {
    private static String negotiated(String max, String min) {
        return DockerClientFactory.negotiate(max, min).getVersion();
    }

    @Test
    void docker2010AndPodmanGetTheirNewest() {
        assertThat(negotiated("1.41", "1.12")).isEqualTo("1.41");
        assertThat(negotiated("1.41", "1.24")).isEqualTo("1.41"); // Podman 4.3
    }

    @Test
    void docker29GetsTheNewestDockerJavaModelsAboveTheirMinimum() {
        assertThat(negotiated("1.52", "1.44")).isEqualTo("1.47"); // 29.0 to 29.2 refuse anything below 1.44
        assertThat(negotiated("1.56", "1.40")).isEqualTo("1.47"); // 29.8.1 (moby v2.0.0-beta.24)
    }

    @Test
    void aDaemonWhoseMinimumIsAboveWhatDockerJavaModelsGetsItsNewest() {
        assertThat(negotiated("1.60", "1.50")).isEqualTo("1.60");
    }

    @Test
    void aDaemonWithoutAMinimumIsTakenAsDocker2010() {
        assertThat(negotiated("1.43", null)).isEqualTo("1.43");
    }

    @Test
    void aDaemonOlderThanDocker2010IsRefused() {
        assertThatThrownBy(() -> DockerClientFactory.negotiate("1.40", "1.12")).isInstanceOf(IllegalStateException.class);
    }
}
