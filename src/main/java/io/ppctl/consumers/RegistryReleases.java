package io.ppctl.consumers;

import io.ppctl.config.PpctlConfig;
import io.ppctl.config.RegistryConfig;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.event.EventBus;
import io.ppctl.registry.CredentialResolver;
import io.ppctl.registry.Credentials;
import io.ppctl.registry.RegistryClient;
import io.ppctl.registry.Retry;
import io.ppctl.version.Version;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ReleaseLookup} from the configured registries through the Registry API: the target release's digest is
 * what the registry serves for its version tag (never computed locally), and a pinned digest is matched against
 * the released versions' tags. Each registry is logged in to on first need, with the credentials push uses; every
 * answer is kept for the run, so ten consumers cost one lookup per registry.
 */
final class RegistryReleases implements ReleaseLookup {
    /** How many released versions, newest first, a pinned digest is compared with. */
    static final int MAX_VERSIONS_SEARCHED = 50;

    private final PpctlConfig config;
    private final Version target;
    private final VersionTags tags;
    private final List<Version> released;
    private final CredentialResolver credentials;
    private final Retry retry;
    private final Map<String, RegistryClient> clients = new HashMap<>();
    private final Map<String, String> targetDigests = new HashMap<>();
    /** A registry that failed once fails the same way for every later consumer, without waiting for it again. */
    private final Map<String, PpctlException> failures = new HashMap<>();
    private final Map<String, Map<String, Version>> knownDigests = new HashMap<>();

    RegistryReleases(PpctlConfig config, Version target, List<Version> released, Map<String, String> env,
                     Map<String, Credentials> explicit, EventBus events) {
        this.config = config;
        this.target = target;
        this.tags = new VersionTags(config.tags());
        this.released = released.stream().filter(v -> !v.equals(target)).sorted(java.util.Comparator.reverseOrder())
                .limit(MAX_VERSIONS_SEARCHED).toList();
        this.credentials = new CredentialResolver(env, explicit);
        this.retry = new Retry(config.push(), events::warn);
    }

    @Override
    public String targetDigest(String repository) {
        if (failures.containsKey(repository)) {
            throw failures.get(repository);
        }
        try {
            return targetDigests.computeIfAbsent(repository, this::lookUpTarget);
        } catch (PpctlException e) {
            failures.put(repository, e);
            throw e;
        }
    }

    private String lookUpTarget(String repository) {
        RegistryClient c = client(repository);
        String tag = tags.primary(target);
        return c.digest(tag).orElseThrow(() -> new PpctlException(ExitCode.CHECK_FAILED, repository + ":" + tag
                + " is not in registry " + c.label() + "; consumers are only pointed at a published release",
                "push it first (ppctl push), or name another VERSION", null));
    }

    @Override
    public Optional<Version> versionOf(String repository, String digest) {
        Map<String, Version> byDigest = knownDigests.computeIfAbsent(repository, r -> new HashMap<>());
        if (byDigest.containsKey(digest)) {
            return Optional.of(byDigest.get(digest));
        }
        RegistryClient c = client(repository);
        for (Version v : released) {
            if (byDigest.containsValue(v)) {
                continue;
            }
            Optional<String> d = c.digest(tags.primary(v));
            d.ifPresent(found -> byDigest.putIfAbsent(found, v));
            if (d.isPresent() && d.get().equals(digest)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    private RegistryClient client(String repository) {
        return clients.computeIfAbsent(repository, r -> {
            RegistryConfig registry = config.registries().stream().filter(x -> x.repository().equals(r)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no registry for " + r));
            RegistryClient c = new RegistryClient(registry, credentials.resolve(registry), retry);
            c.ping();
            return c;
        });
    }
}
