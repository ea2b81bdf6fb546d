package io.ppctl.registry;

import io.ppctl.config.RegistryConfig;
import io.ppctl.core.PpctlException;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a registry's credentials; the first source that has them wins:
 * <ol>
 *   <li>{@code --username} with {@code --password-stdin} (given to this resolver as {@code explicit}),</li>
 *   <li>the environment: PPCTL_&lt;NAME&gt;_USERNAME and PPCTL_&lt;NAME&gt;_PASSWORD (NAME = the registry's name, upper-cased),</li>
 *   <li>docker's config.json: the credential helper for the host (credHelpers, else credsStore), then {@code auths}.</li>
 * </ol>
 */
public final class CredentialResolver {
    private final Map<String, String> env;
    private final Map<String, Credentials> explicit;
    private final Duration helperTimeout;

    /** @param explicit credentials from the command line, by registry name */
    public CredentialResolver(Map<String, String> env, Map<String, Credentials> explicit, Duration helperTimeout) {
        this.env = env;
        this.explicit = Map.copyOf(explicit);
        this.helperTimeout = helperTimeout;
    }

    public CredentialResolver(Map<String, String> env, Map<String, Credentials> explicit) {
        this(env, explicit, CredentialHelper.TIMEOUT);
    }

    public Optional<Credentials> resolve(RegistryConfig registry) {
        Credentials given = explicit.get(registry.name());
        if (given != null) {
            return Optional.of(given);
        }
        Optional<Credentials> fromEnv = fromEnvironment(registry);
        if (fromEnv.isPresent()) {
            return fromEnv;
        }
        return fromDockerConfig(registry.host());
    }

    /** How to give credentials for {@code registry}, for "no credentials" messages. */
    public static String howToLogIn(RegistryConfig registry) {
        return "set " + registry.envPrefix() + "USERNAME and " + registry.envPrefix() + "PASSWORD, pass --username with "
                + "--password-stdin, or run docker login " + (RegistryHosts.isHub(registry.host()) ? "" : registry.host());
    }

    private Optional<Credentials> fromEnvironment(RegistryConfig registry) {
        String userVar = registry.envPrefix() + "USERNAME";
        String passVar = registry.envPrefix() + "PASSWORD";
        String user = env.get(userVar);
        String pass = env.get(passVar);
        boolean hasUser = user != null && !user.isEmpty();
        boolean hasPass = pass != null && !pass.isEmpty();
        if (hasUser && hasPass) {
            return Optional.of(Credentials.password(user, pass, passVar));
        }
        if (hasUser != hasPass) {
            throw PpctlException.usage((hasPass ? passVar : userVar) + " is set but " + (hasPass ? userVar : passVar)
                    + " is not; set both for registry " + registry.name());
        }
        return Optional.empty();
    }

    private Optional<Credentials> fromDockerConfig(String host) {
        Optional<DockerConfigFile> config = DockerConfigFile.load(env);
        if (config.isEmpty()) {
            return Optional.empty();
        }
        DockerConfigFile c = config.get();
        Optional<String> helper = c.helperFor(host);
        if (helper.isPresent()) {
            Optional<Credentials> found = new CredentialHelper(helper.get(), env, helperTimeout).get(RegistryHosts.credentialKey(host));
            if (found.isPresent()) {
                return found;
            }
        }
        String source = "docker config " + c.path();
        return c.authFor(host).map(a -> a.identityToken() != null
                ? Credentials.identityToken(a.identityToken(), source)
                : Credentials.password(a.username(), a.password(), source));
    }
}
