package io.ppctl.config;

import java.util.List;
import java.util.Optional;

/** The whole of ppctl.yaml, every key given its default. Built only by {@link ConfigLoader}, so it is always valid. */
public record PpctlConfig(ImageConfig image, VersionConfig version, List<String> tags, List<RegistryConfig> registries,
                          SmokeTestsConfig smokeTests, List<IntegrationCase> integrationTests, ScanConfig scan,
                          List<PolicyRepoConfig> policyRepos, PushConfig push, List<ConsumerConfig> consumers, SigningConfig signing) {

    /** The tags the release policy requires: the version as written, the commit, and latest. */
    public static final List<String> DEFAULT_TAGS = List.of("{{version}}", "sha-{{sha}}", "latest");

    public static PpctlConfig defaults() {
        return new PpctlConfig(ImageConfig.DEFAULT, VersionConfig.DEFAULT, DEFAULT_TAGS, List.of(), SmokeTestsConfig.NONE,
                List.of(), ScanConfig.DEFAULT, List.of(), PushConfig.DEFAULT, List.of(), SigningConfig.NONE);
    }

    public Optional<RegistryConfig> registry(String name) {
        return registries.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
