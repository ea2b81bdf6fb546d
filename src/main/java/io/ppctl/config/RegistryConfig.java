package io.ppctl.config;

import io.ppctl.core.Quote;
import io.ppctl.version.DockerReference;

/**
 * One push target. {@code insecure} means plain HTTP for the Registry API; it defaults to true only for
 * loopback registries, which the Docker daemon also reaches over HTTP without configuration.
 */
public record RegistryConfig(String name, String repository, boolean insecure) {

    /** The registry host (with port) of the repository, e.g. ghcr.io or 127.0.0.1:5000. */
    public String host() {
        return DockerReference.registryHost(repository);
    }

    /** The repository path inside the registry, e.g. acme/policy-platform. */
    public String path() {
        return DockerReference.repositoryPath(repository);
    }

    /** Environment variable prefix for this registry's credentials: PPCTL_GHCR_ for "ghcr". */
    public String envPrefix() {
        return "PPCTL_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_";
    }

    static RegistryConfig read(ConfigReader r) {
        String name = r.string("name", null);
        String repository = r.string("repository", null);
        if (name == null) {
            r.problem(null, "missing 'name' (a short name such as ghcr, used in --registry and PPCTL_<NAME>_PASSWORD)");
        } else if (!name.matches("[a-z][a-z0-9_-]{0,30}")) {
            r.problem("name", Quote.of(name) + " is not a valid registry name (lower-case letters, digits, '-', '_'; starts with a letter)");
        }
        if (repository == null) {
            r.problem(null, "missing 'repository' (for example ghcr.io/acme/policy-platform)");
        } else {
            DockerReference.repositoryProblem(repository).ifPresent(p -> r.problem("repository", p));
        }
        boolean loopback = repository != null && DockerReference.isLoopback(DockerReference.registryHost(repository));
        boolean insecure = r.bool("insecure", loopback);
        return new RegistryConfig(name, repository, insecure);
    }
}
