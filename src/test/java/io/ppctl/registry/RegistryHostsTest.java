package io.ppctl.registry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryHostsTest {

    @Test
    void dockerHubHasItsApiHostAndItsOldCredentialKey() {
        assertThat(RegistryHosts.apiHost("docker.io")).isEqualTo("registry-1.docker.io");
        assertThat(RegistryHosts.credentialKey("docker.io")).isEqualTo("https://index.docker.io/v1/");
        assertThat(RegistryHosts.keyMatches("https://index.docker.io/v1/", "docker.io")).isTrue();
    }

    @Test
    void otherRegistriesAreTheirHostWithOrWithoutSchemeAndPath() {
        assertThat(RegistryHosts.apiHost("ghcr.io")).isEqualTo("ghcr.io");
        assertThat(RegistryHosts.credentialKey("127.0.0.1:5000")).isEqualTo("127.0.0.1:5000");
        assertThat(RegistryHosts.keyMatches("https://ghcr.io/v2/", "ghcr.io")).isTrue();
        assertThat(RegistryHosts.keyMatches("ghcr.io", "ghcr.io")).isTrue();
        assertThat(RegistryHosts.keyMatches("ghcr.io", "us-docker.pkg.dev")).isFalse();
        assertThat(RegistryHosts.keyMatches("https://index.docker.io/v1/", "ghcr.io")).isFalse();
    }
}
