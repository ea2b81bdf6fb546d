package io.ppctl.release;

import io.ppctl.build.BuildOptions;
import io.ppctl.core.PpctlException;
import io.ppctl.registry.Credentials;
import io.ppctl.rules.ReleaseStep;
import io.ppctl.version.BumpLevel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What `ppctl release` was asked to do. {@code skip} holds the steps the user forced off (--skip); {@code report}
 * is absolute. Credentials are never printed: toString names only the registries they are for.
 */
public record ReleaseOptions(boolean noPush, Set<ReleaseStep> skip, BumpLevel bump, String pre, boolean dryRun, Path report,
                             boolean gitTag, boolean allowDirty, boolean allowOverwrite, Duration waitLock,
                             List<String> registries, Map<String, Credentials> credentials, BuildOptions build,
                             Path junitDir, Path sarif) {

    /**
     * The steps the --skip values name, in the order given. Bad input (exit 2): a word that is no release step, and
     * skipping a gate in a release that pushes, since nothing is published that has not passed the gates (a dry run
     * publishes nothing, so it may plan that).
     */
    public static Set<ReleaseStep> skipped(List<String> words, boolean noPush, boolean dryRun) {
        Set<ReleaseStep> skipped = new LinkedHashSet<>();
        for (String s : words) {
            skipped.add(ReleaseStep.of(s.trim().toLowerCase(Locale.ROOT)).orElseThrow(() -> PpctlException.usage(
                    "--skip " + s + ": not a release step; steps are " + String.join(", ", ReleaseStep.words()))));
        }
        List<String> gates = skipped.stream().filter(ReleaseStep::gate).map(ReleaseStep::word).toList();
        if (pushes(noPush, skipped) && !gates.isEmpty() && !dryRun) {
            throw PpctlException.usage("--skip " + String.join(", ", gates) + " would publish an image that did not pass "
                    + String.join(", ", gates) + "; the release rules forbid it (add --no-push)");
        }
        return skipped;
    }

    /** Whether a release with these options publishes: neither --no-push nor --skip push. */
    public static boolean pushes(boolean noPush, Set<ReleaseStep> skip) {
        return !noPush && !skip.contains(ReleaseStep.PUSH);
    }

    public boolean pushes() {
        return pushes(noPush, skip);
    }

    @Override
    public String toString() {
        return "ReleaseOptions[noPush=" + noPush + ", skip=" + skip + ", bump=" + bump + ", dryRun=" + dryRun
                + ", registries=" + registries + ", credentials for " + credentials.keySet() + "]";
    }
}
