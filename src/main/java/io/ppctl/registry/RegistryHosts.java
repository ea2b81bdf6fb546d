package io.ppctl.registry;

import io.ppctl.version.DockerReference;

import java.util.Locale;
import java.util.Set;

/**
 * Docker Hub has three names: repositories say docker.io, the Registry API lives at registry-1.docker.io, and
 * docker login stores credentials under https://index.docker.io/v1/. Every other registry is just its host.
 */
public final class RegistryHosts {
    public static final String HUB_API = "registry-1.docker.io";
    public static final String HUB_CREDENTIAL_KEY = "https://index.docker.io/v1/";
    private static final Set<String> HUB_ALIASES = Set.of(DockerReference.DOCKER_HUB, "index.docker.io", HUB_API);

    private RegistryHosts() {}

    public static boolean isHub(String host) {
        return HUB_ALIASES.contains(host.toLowerCase(Locale.ROOT));
    }

    /** Where the Registry HTTP API answers for repositories on {@code host}. */
    public static String apiHost(String host) {
        return isHub(host) ? HUB_API : host;
    }

    /** The server URL docker login and credential helpers use for {@code host}. */
    public static String credentialKey(String host) {
        return isHub(host) ? HUB_CREDENTIAL_KEY : host;
    }

    /** docker's ConvertToHostname: https://ghcr.io/v2/ and ghcr.io both name ghcr.io. */
    public static String hostname(String key) {
        String k = key.trim();
        int scheme = k.indexOf("://");
        if (scheme >= 0) {
            k = k.substring(scheme + 3);
        }
        int slash = k.indexOf('/');
        return (slash >= 0 ? k.substring(0, slash) : k).toLowerCase(Locale.ROOT);
    }

    /** Whether a docker config key (auths or credHelpers) is for {@code host}. */
    public static boolean keyMatches(String key, String host) {
        String h = hostname(key);
        return h.equals(host.toLowerCase(Locale.ROOT)) || isHub(h) && isHub(host);
    }
}
