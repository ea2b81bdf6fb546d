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
 * is absolute. Credentials are never printed: toString names only the registries they are for. Made with
 * {@link #builder()}.
 */
public record ReleaseOptions(boolean noPush, Set<ReleaseStep> skip, BumpLevel bump, String pre, boolean dryRun, Path report,
                             boolean gitTag, boolean allowDirty, boolean allowOverwrite, Duration waitLock,
                             List<String> registries, Map<String, Credentials> credentials, BuildOptions buildOptions,
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

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "ReleaseOptions[noPush=" + noPush + ", skip=" + skip + ", bump=" + bump + ", dryRun=" + dryRun
                + ", registries=" + registries + ", credentials for " + credentials.keySet() + "]";
    }

    /** One setter per field, named after it; what is not set is null or false, and no skip, registries or credentials. */
    public static final class Builder {
        private boolean noPush;
        private Set<ReleaseStep> skip = Set.of();
        private BumpLevel bump;
        private String pre;
        private boolean dryRun;
        private Path report;
        private boolean gitTag;
        private boolean allowDirty;
        private boolean allowOverwrite;
        private Duration waitLock;
        private List<String> registries = List.of();
        private Map<String, Credentials> credentials = Map.of();
        private BuildOptions buildOptions;
        private Path junitDir;
        private Path sarif;

        private Builder() {}

        public Builder noPush(boolean noPush) { this.noPush = noPush; return this; }
        public Builder skip(Set<ReleaseStep> skip) { this.skip = skip; return this; }
        public Builder bump(BumpLevel bump) { this.bump = bump; return this; }
        public Builder pre(String pre) { this.pre = pre; return this; }
        public Builder dryRun(boolean dryRun) { this.dryRun = dryRun; return this; }
        public Builder report(Path report) { this.report = report; return this; }
        public Builder gitTag(boolean gitTag) { this.gitTag = gitTag; return this; }
        public Builder allowDirty(boolean allowDirty) { this.allowDirty = allowDirty; return this; }
        public Builder allowOverwrite(boolean allowOverwrite) { this.allowOverwrite = allowOverwrite; return this; }
        public Builder waitLock(Duration waitLock) { this.waitLock = waitLock; return this; }
        public Builder registries(List<String> registries) { this.registries = registries; return this; }
        public Builder credentials(Map<String, Credentials> credentials) { this.credentials = credentials; return this; }
        public Builder buildOptions(BuildOptions buildOptions) { this.buildOptions = buildOptions; return this; }
        public Builder junitDir(Path junitDir) { this.junitDir = junitDir; return this; }
        public Builder sarif(Path sarif) { this.sarif = sarif; return this; }

        public ReleaseOptions build() {
            return new ReleaseOptions(noPush, skip, bump, pre, dryRun, report, gitTag, allowDirty, allowOverwrite, waitLock,
                    registries, credentials, buildOptions, junitDir, sarif);
        }
    }
}
