package io.ppctl.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.AuthConfigurations;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.core.SSLConfig;

import java.net.URI;

/**
 * The Docker settings read once (host, TLS, registry auths of config.json), speaking the API version negotiated
 * with the daemon: building docker-java's config a second time would read config.json and the context again.
 */
final class NegotiatedConfig implements DockerClientConfig {
    private final DockerClientConfig settings;
    private final RemoteApiVersion apiVersion;

    NegotiatedConfig(DockerClientConfig settings, RemoteApiVersion apiVersion) {
        this.settings = settings;
        this.apiVersion = apiVersion;
    }

    @Override
    public RemoteApiVersion getApiVersion() {
        return apiVersion;
    }

    @Override
    public URI getDockerHost() {
        return settings.getDockerHost();
    }

    @Override
    public String getRegistryUsername() {
        return settings.getRegistryUsername();
    }

    @Override
    public String getRegistryPassword() {
        return settings.getRegistryPassword();
    }

    @Override
    public String getRegistryEmail() {
        return settings.getRegistryEmail();
    }

    @Override
    public String getRegistryUrl() {
        return settings.getRegistryUrl();
    }

    @Override
    public AuthConfig effectiveAuthConfig(String imageName) {
        return settings.effectiveAuthConfig(imageName);
    }

    @Override
    public AuthConfigurations getAuthConfigurations() {
        return settings.getAuthConfigurations();
    }

    @Override
    public SSLConfig getSSLConfig() {
        return settings.getSSLConfig();
    }

    @Override
    public ObjectMapper getObjectMapper() {
        return settings.getObjectMapper();
    }
}
