package io.ppctl.release;

import io.ppctl.build.BuildPlan;
import io.ppctl.build.BuildStep;
import io.ppctl.config.RegistryConfig;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.docker.DaemonInfo;
import io.ppctl.docker.ImageDetails;
import io.ppctl.docker.Labels;
import io.ppctl.event.Event;
import io.ppctl.pipeline.StepContext;
import io.ppctl.platform.Platform;
import io.ppctl.policies.PolicySyncCheck;
import io.ppctl.project.Project;
import io.ppctl.push.EnginePush;
import io.ppctl.push.PushPlan;
import io.ppctl.push.PushPreflight;
import io.ppctl.push.PushStep;
import io.ppctl.registry.PlaceholderRegistry;
import io.ppctl.registry.RegistryClient;
import io.ppctl.registry.RegistrySelection;
import io.ppctl.registry.Retry;
import io.ppctl.tag.TagStep;
import io.ppctl.version.GitFacts;
import io.ppctl.version.Version;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks a release makes before anything expensive, cheapest first, so a wrong VERSION or a dirty tree fails
 * in a second and not after a ten-minute build: config, VERSION, git, tags, Dockerfile, policies, then the daemon,
 * then the registries (credentials accepted, version tag not yet published).
 */
final class ReleasePreflight {
    private final StepContext ctx;
    private final ReleaseOptions options;
    private final List<ReleaseCheck> checks = new ArrayList<>();

    ReleasePreflight(StepContext ctx, ReleaseOptions options) {
        this.ctx = ctx;
        this.options = options;
    }

    List<ReleaseCheck> checks() {
        return List.copyOf(checks);
    }

    /** Runs every check in order; the first failure throws (its exit code) after being recorded. */
    void run() {
        long start = System.nanoTime();
        runChecks();
        ctx.events().publish(new Event.StepFinished("preflight", Event.Status.PASSED,
                java.time.Duration.ofNanos(System.nanoTime() - start), checks.size() + " checks passed"));
    }

    private void runChecks() {
        Project p = ctx.project();
        check("config", () -> {
            p.config();
            return p.configExists() ? p.configFile().getFileName() + " is valid" : "no ppctl.yaml, defaults";
        });
        check("state", () -> {
            p.requireWritableState();
            return p.dir().relativize(p.stateDir()) + " is writable";
        });
        check("version", () -> versionIsNew(p));
        check("git", () -> treeIsClean(p));
        check("tags", () -> {
            // Which moving tags apply is decided after the daemon check (local images count): see the plan and the tag step.
            TagStep.validate(p);
            return String.join(", ", p.config().tags()) + " valid for " + p.version();
        });
        check("dockerfile", () -> {
            BuildStep.validate(p, options.buildOptions());
            return p.config().image().dockerfile();
        });
        check("policies", () -> PolicySyncCheck.verify(p));
        boolean pushing = options.pushes() && !p.config().registries().isEmpty();
        if (pushing) {
            // Settled by the config alone: said before the daemon is asked anything (and without one).
            check("registry names", () -> {
                List<RegistryConfig> chosen = RegistrySelection.select(p.config(), options.registries());
                List<String> placeholders = chosen.stream().map(PlaceholderRegistry::problem).flatMap(Optional::stream).toList();
                if (!placeholders.isEmpty()) {
                    throw PpctlException.usage(String.join("; ", placeholders));
                }
                return String.join(", ", chosen.stream().map(RegistryConfig::repository).toList());
            });
        }
        check("platforms", () -> {
            List<Platform> platforms = BuildPlan.platforms(options.buildOptions(), p.config().image());
            if (platforms.size() > 1 && pushing && p.config().signing().enabled()) {
                throw PpctlException.usage("signing a multi-platform release is not supported yet (signing.key with "
                        + Platform.join(platforms) + "); release one platform (--platform) to sign it, or turn signing off");
            }
            return platforms.isEmpty() ? "the daemon's own" : Platform.join(platforms);
        });
        check("daemon", () -> {
            DaemonInfo i = ctx.docker().info();
            return i.engineVersion() + " (API " + i.negotiatedApiVersion() + ")";
        });
        if (!pushing) {
            return;
        }
        check("registries", () -> registriesReady(p));
    }

    private String versionIsNew(Project p) {
        Version v = p.version();
        GitFacts git = p.git();
        Optional<Version> released = git.newestReleased();
        boolean tagged = git.releasedVersions().stream().anyMatch(r -> r.bare().equals(v.bare()));
        if (tagged) {
            throw PpctlException.checkFailed(v + " is already released (git tag " + v + "); versions are immutable, bump VERSION");
        }
        if (released.isPresent() && v.compareTo(released.get()) <= 0) {
            throw PpctlException.checkFailed(v + " is not newer than the released " + released.get()
                    + " (newest version tag); bump VERSION");
        }
        return v + (released.map(r -> " (last released: " + r + ")").orElse(" (first release)"));
    }

    private String treeIsClean(Project p) {
        GitFacts git = p.git();
        if (!git.repository() || git.commit() == null) {
            throw PpctlException.usage(p.dir() + " is not a git repository with a commit; a release must name the commit it is built from");
        }
        List<String> dirty = git.dirtyFiles().stream()
                .filter(line -> !(options.bump() != null && line.endsWith(" " + p.config().version().file())))
                .toList();
        if (!dirty.isEmpty() && !options.allowDirty()) {
            throw PpctlException.checkFailed("the git tree has " + dirty.size() + " uncommitted change(s) ("
                    + String.join(", ", dirty.stream().map(String::trim).limit(5).toList()) + (dirty.size() > 5 ? ", ..." : "")
                    + "); sha-" + git.shortCommit() + " would not name what is released (commit them, or --allow-dirty)");
        }
        if (!dirty.isEmpty()) {
            ctx.events().warn("releasing from a dirty tree (--allow-dirty): sha-" + git.shortCommit() + " does not name exactly what is in the image");
        }
        String bump = options.bump() == null ? "" : "; " + VersionCommit.canCommit(p);
        return git.shortCommit() + (dirty.isEmpty() ? ", clean" : ", dirty (allowed)") + bump;
    }

    private String registriesReady(Project p) {
        PushPlan plan = PushStep.plan(p, ctx.docker(), options.registries());
        // A rerun after a failed push may meet its own version tag: the image of the last build of this commit is
        // the one it would push again, so it does not count as taken.
        Optional<ImageDetails> candidate = ctx.docker().inspectImage(p.config().image().name() + ":" + p.version())
                .filter(i -> p.git().commit() != null && p.git().commit().equals(i.labels().get(Labels.OCI_REVISION)));
        List<RegistryClient> clients = PushPreflight.check(plan, p.env(), options.credentials(),
                new Retry(p.config().push(), ctx.events()::warn), ctx.events(), candidate, options.allowOverwrite());
        EnginePush.requireUsableCredentials(ctx.docker().engine(), clients);
        return plan.targets().size() + " registr" + (plan.targets().size() == 1 ? "y" : "ies")
                + " accept the credentials and let them push; " + String.join(", ", plan.versionTags()) + " not yet published";
    }

    private interface Check {
        String run();
    }

    private void check(String name, Check check) {
        long start = System.nanoTime();
        try {
            String detail = check.run();
            checks.add(new ReleaseCheck(name, true, detail, seconds(start)));
            ctx.events().debug("preflight " + name + ": " + detail);
        } catch (PpctlException e) {
            checks.add(new ReleaseCheck(name, false, e.getMessage(), seconds(start)));
            throw e;
        } catch (RuntimeException e) {
            checks.add(new ReleaseCheck(name, false, e.toString(), seconds(start)));
            throw new PpctlException(ExitCode.INTERNAL, "preflight " + name + " failed unexpectedly: " + e, null, e);
        }
    }

    private static double seconds(long start) {
        return Math.round((System.nanoTime() - start) / 1e6) / 1000.0;
    }
}
