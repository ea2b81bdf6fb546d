package io.ppctl.docker;

import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.RemoteApiVersion;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NegotiatedConfigTest {
    @Test
    void speaksTheNegotiatedVersionAndKeepsEveryOtherSetting() {
        DockerClientConfig settings = DockerClientFactory.config(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375"));
        NegotiatedConfig c = new NegotiatedConfig(settings, RemoteApiVersion.VERSION_1_41);
        assertThat(c.getApiVersion()).isEqualTo(RemoteApiVersion.VERSION_1_41);
        assertThat(settings.getApiVersion()).isNotEqualTo(RemoteApiVersion.VERSION_1_41);
        assertThat(c.getDockerHost()).isEqualTo(settings.getDockerHost());
        assertThat(c.getSSLConfig()).isSameAs(settings.getSSLConfig());
        assertThat(c.getObjectMapper()).isNotNull();
        assertThat(c.getRegistryUrl()).isEqualTo(settings.getRegistryUrl());
        assertThat(c.getRegistryUsername()).isEqualTo(settings.getRegistryUsername());
        assertThat(c.getAuthConfigurations().getConfigs()).isEqualTo(settings.getAuthConfigurations().getConfigs());
    }
}
