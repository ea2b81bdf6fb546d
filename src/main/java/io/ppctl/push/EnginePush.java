package io.ppctl.push;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.registry.Credentials;
import io.ppctl.registry.RegistryClient;

import java.util.List;
import java.util.Optional;

/**
 * What the engine's own push cannot do, said before it starts instead of ending in a registry's "denied" or a silent
 * progress board. Podman's Docker-compatible API (checked in its compat images_push.go from 4.3 to 5.8) hands the
 * registry only the user name and password of X-Registry-Auth and drops an identity token, so such a push would go
 * without credentials; and its push stream reports each tag once it is done, with no per-layer progress.
 */
public final class EnginePush {
    static final String PODMAN = "Podman";

    private EnginePush() {}

    /** Exit 3 on Podman when a registry's credentials are an identity token, naming the registry and what to use. */
    public static void requireUsableCredentials(String engine, List<RegistryClient> clients) {
        if (!PODMAN.equals(engine)) {
            return;
        }
        for (RegistryClient client : clients) {
            Optional<Credentials> creds = client.credentials();
            if (creds.isPresent() && creds.get().identityToken()) {
                String prefix = client.registry().envPrefix();
                throw new PpctlException(ExitCode.ENVIRONMENT, "Podman cannot push to " + client.label() + " with "
                        + creds.get().describe() + ": its Docker API passes only a user name and password to the registry, "
                        + "so the push would go without credentials",
                        "give " + client.registry().name() + " a user name and password (" + prefix + "USERNAME and " + prefix
                                + "PASSWORD, or --username with --password-stdin), or push with Docker", null);
            }
        }
    }

    /** The one line a push prints where the engine reports no per-layer progress. */
    public static Optional<String> progressNote(String engine) {
        return PODMAN.equals(engine)
                ? Optional.of("Podman reports a push per tag, not per layer: no upload progress until each tag is pushed")
                : Optional.empty();
    }
}
