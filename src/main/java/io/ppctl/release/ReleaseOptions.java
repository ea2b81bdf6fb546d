package io.ppctl.release;

import io.ppctl.build.BuildOptions;
import io.ppctl.registry.Credentials;
import io.ppctl.version.BumpLevel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What `ppctl release` was asked to do. {@code skip} holds step names the user forced off (--skip); {@code report}
 * is absolute. Credentials are never printed: toString names only the registries they are for.
 */
public record ReleaseOptions(boolean noPush, Set<String> skip, BumpLevel bump, String pre, boolean dryRun, Path report,
                             boolean gitTag, boolean allowDirty, boolean allowOverwrite, Duration waitLock,
                             List<String> registries, Map<String, Credentials> credentials, BuildOptions build,
                             Path junitDir, Path sarif) {

    /** The steps of a release, in order; --skip takes these names. */
    public static final List<String> STEPS = List.of("build", "tag", "smoke-test", "integration-test", "scan", "push");
    /** The steps whose passing the release rules require before anything is pushed. */
    public static final Set<String> GATES = Set.of("smoke-test", "integration-test", "scan");

    @Override
    public String toString() {
        return "ReleaseOptions[noPush=" + noPush + ", skip=" + skip + ", bump=" + bump + ", dryRun=" + dryRun
                + ", registries=" + registries + ", credentials for " + credentials.keySet() + "]";
    }
}
