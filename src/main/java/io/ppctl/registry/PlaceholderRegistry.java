package io.ppctl.registry;

import io.ppctl.config.RegistryConfig;
import io.ppctl.version.DockerReference;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The example config ships registries under the placeholder organisation "acme" (ghcr.io/acme/policy-platform):
 * nobody can push there, so doctor and the release preflight say what to change instead of failing on the network.
 * A registry on this machine (loopback) is one the user runs, whatever its organisations are called: never flagged.
 */
public final class PlaceholderRegistry {
    private static final Set<String> PLACEHOLDERS = Set.of("acme", "example", "your-org", "my-org");

    private PlaceholderRegistry() {}

    /** What to change, when {@code r}'s repository is under a placeholder organisation. */
    public static Optional<String> problem(RegistryConfig r) {
        if (DockerReference.isLoopback(r.host())) {
            return Optional.empty();
        }
        String path = r.path();
        String org = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
        if (!PLACEHOLDERS.contains(org.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of("registry " + r.name() + ": " + r.repository() + " is under the placeholder organisation '" + org
                + "' of the example config; set its repository in ppctl.yaml to yours (e.g. " + r.host() + "/YOUR-ORG/"
                + path.substring(path.indexOf('/') + 1) + "), or build, test and scan without publishing: "
                + "ppctl release --no-push");
    }
}
