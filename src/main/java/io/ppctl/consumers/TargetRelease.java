package io.ppctl.consumers;

import com.fasterxml.jackson.databind.JsonNode;
import io.ppctl.core.InputFiles;
import io.ppctl.core.JsonMappers;
import io.ppctl.core.PpctlException;
import io.ppctl.project.Project;
import io.ppctl.release.Release;
import io.ppctl.version.Git;
import io.ppctl.version.Version;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The release consumers move to, and what changed since the versions they are on. Named on the command line, else
 * the last release: the release report when it says "released", else the newest stable version tag in git.
 *
 * @param source where the version came from, for output: "command line", "release report", "git tag"
 * @param commit the released commit when known (the report's, or the tag's)
 */
public record TargetRelease(Version version, String source, String commit) {

    public static TargetRelease resolve(Project p, String given) {
        if (given != null) {
            Version v = Version.parse(given).orElseThrow(() -> PpctlException.usage(Version.explainInvalid(given)));
            return new TargetRelease(v, "command line", commitOfTag(p, v).orElse(null));
        }
        Optional<TargetRelease> reported = fromReport(Release.defaultReport(p));
        if (reported.isPresent()) {
            return reported.get();
        }
        Version newest = p.git().releasedVersions().stream().filter(Version::isStable).max(java.util.Comparator.naturalOrder())
                .orElseThrow(() -> PpctlException.usage("no release to point consumers at: no released report in "
                        + p.dir().relativize(Release.defaultReport(p)) + " and no version tag in git; name the VERSION"));
        return new TargetRelease(newest, "git tag", commitOfTag(p, newest).orElse(null));
    }

    /** The report of the last release, when that release was published. */
    static Optional<TargetRelease> fromReport(Path report) {
        if (!Files.isRegularFile(report)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JsonMappers.plain().readTree(InputFiles.readText(report, InputFiles.TEXT_LIMIT));
            if (!"released".equals(n.path("status").asText()) || !n.hasNonNull("version")) {
                return Optional.empty();
            }
            return Version.parse(n.path("version").asText())
                    .map(v -> new TargetRelease(v, "release report", n.hasNonNull("commit") ? n.path("commit").asText() : null));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The subjects of the project's commits from {@code from}'s git tag to this release (its tag, else its commit),
     * newest first; empty when git cannot tell (a missing tag).
     */
    public List<String> changesSince(Project p, Version from) {
        Optional<String> start = commitOfTag(p, from);
        String end = commitOfTag(p, version).orElse(commit);
        if (start.isEmpty() || end == null) {
            return List.of();
        }
        Git.Result r = p.gitRunner().run("log", "--no-merges", "--format=%s", start.get() + ".." + end, "--");
        return r.ok() ? r.lines() : List.of();
    }

    /** Whether git knows {@code from} as a tag, so that changesSince can tell. */
    public boolean knows(Project p, Version from) {
        return commitOfTag(p, from).isPresent() && (commitOfTag(p, version).isPresent() || commit != null);
    }

    /** The commit of v's tag, spelled as written or with/without the v. */
    private static Optional<String> commitOfTag(Project p, Version v) {
        for (String name : List.of(v.toString(), "v" + v.bare(), v.bare())) {
            Git.Result r = p.gitRunner().run("rev-parse", "--verify", "-q", "refs/tags/" + name + "^{commit}");
            if (r.ok()) {
                return Optional.of(r.stdout().trim());
            }
        }
        return Optional.empty();
    }
}
