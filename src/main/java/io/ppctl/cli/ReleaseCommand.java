package io.ppctl.cli;

import io.ppctl.build.BuildOptions;
import io.ppctl.consumers.ConsumerUpdate;
import io.ppctl.core.Durations;
import io.ppctl.core.ExitCode;
import io.ppctl.pipeline.StepContext;
import io.ppctl.release.Release;
import io.ppctl.release.ReleaseCheck;
import io.ppctl.release.ReleaseOptions;
import io.ppctl.project.ReleaseTags;
import io.ppctl.release.ReleasePlan;
import io.ppctl.release.ReleaseReport;
import io.ppctl.rules.ReleaseStep;
import io.ppctl.supplychain.SigningKey;
import io.ppctl.supplychain.SupplyChain;
import io.ppctl.version.BumpLevel;
import io.ppctl.version.TagPlan;
import io.ppctl.version.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

@Command(name = "release",
        description = {"Release the image: preflight checks first (config, VERSION newer than the last release, clean git "
                + "tree, valid tags, Dockerfile, policies in sync with policies.lock, daemon reachable, registry "
                + "credentials accepted, version not yet published), then build -> tag -> smoke-test -> "
                + "integration-test -> scan -> push, stopping at the first failure. An image that failed a gate is "
                + "never pushed. A JSON release report is written, also when the release fails.",
                "Exit codes as every step: 1 a check or gate failed (or the version exists), 2 bad input, 3 daemon, "
                        + "registry or scanner unavailable; another release running in the project is 3.",
                "",
                "Examples:",
                "  ppctl release                          # everything, to every registry",
                "  ppctl release --no-push --junit-dir target/ppctl/test-results \\",
                "      --sarif target/ppctl/trivy.sarif",
                "  # v1.0.2 -> v1.0.3: VERSION committed, released, then tagged in git:",
                "  ppctl release --bump patch --git-tag",
                "  ppctl release --dry-run                # the plan; nothing is built or written",
                "  ppctl release --platform linux/amd64,linux/arm64   # one image index for both"})
final class ReleaseCommand extends PpctlSubcommand {

    @Option(names = "--no-push", description = "Build, tag, test and scan, but publish nothing.")
    boolean noPush;

    @Option(names = "--skip", paramLabel = "STEP",
            description = "Skip a step (repeatable): build, tag, smoke-test, integration-test, scan or push. Skipping a "
                    + "gate (smoke-test, integration-test, scan) needs --no-push: nothing untested is published.")
    List<String> skip = new ArrayList<>();

    @Option(names = "--bump", paramLabel = "LEVEL", description = "Bump VERSION first: major, minor or patch. Once preflight passed, VERSION is written and committed "
            + "(that file alone); the release builds and tags that commit.")
    String bump;

    @Option(names = "--pre", paramLabel = "ID", description = "With --bump: make a pre-release, e.g. rc (v1.3.0-rc.1).")
    String pre;

    @Option(names = {"-n", "--dry-run"}, description = "Run the preflight checks and print the plan; build, tag, push and write nothing.")
    boolean dryRun;

    @Option(names = "--report", paramLabel = "FILE", description = "Where to write the JSON release report. Default: target/ppctl/release-report.json.")
    Path report;

    @Option(names = "--git-tag", description = "After a successful push, create the annotated git tag for the version on the released commit (not pushed).")
    boolean gitTag;

    @Option(names = "--allow-dirty", description = "Release from a git tree with uncommitted changes (the sha tag then does not name exactly what is inside).")
    boolean allowDirty;

    @Option(names = "--allow-overwrite", description = "Replace a version tag that already exists in a registry (versions are immutable: use with care).")
    boolean allowOverwrite;

    @Option(names = "--wait-lock", paramLabel = "DURATION", defaultValue = "0s",
            description = "When another release of this project is running, wait up to this long (e.g. 10m) instead of refusing.")
    String waitLock;

    @Option(names = "--junit-dir", paramLabel = "DIR", description = "Write the smoke-test, integration-test and scan results as JUnit XML into DIR.")
    Path junitDir;

    @Option(names = "--sarif", paramLabel = "FILE", description = "Write the scan's findings as SARIF 2.1.0.")
    Path sarif;

    @Option(names = "--build-arg", paramLabel = "NAME=VALUE", description = "A build arg for the build step (repeatable).")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--no-cache", description = "Build without the daemon's build cache.")
    boolean noCache;

    @Option(names = "--platform", paramLabel = "OS/ARCH[,...]", description = "Build, test and publish for these platforms "
            + "(comma-separated or repeated); overrides image.platforms. Several make one image index: docs/multi-platform.md.")
    List<String> platforms = new ArrayList<>();

    @Option(names = "--pull", description = "Pull newer base images first.")
    boolean pull;

    @Option(names = "--update-consumers", description = "After a successful push, point the consumers in ppctl.yaml at the "
            + "release, as ppctl consumers update does (each on a new branch).")
    boolean updateConsumers;

    @Mixin
    RegistryOptions registryOptions = new RegistryOptions();

    @Mixin
    SigningOptions signingOptions = new SigningOptions();

    @Override
    protected ExitCode execute() {
        ReleaseOptions options = options();
        // A wrong signing password is bad input: found now, before anything is built.
        java.util.Optional<SigningKey> key = !options.pushes()
                ? java.util.Optional.empty()
                : signingOptions.load(invocation().in(), project(), registryOptions.passwordStdin);
        Release.Result result;
        try (StepContext ctx = stepContext()) {
            key.ifPresent(k -> ctx.put(SupplyChain.SIGNING_KEY, k));
            result = Release.run(ctx, options);
            if (result.plan() != null) {
                console().result(result.plan(), out -> printPlan(out, result.plan()));
            } else {
                console().result(result.report(), out -> printSummary(out, result.report(), result.reportFile()));
            }
            boolean released = result.report() != null && "released".equals(result.report().status());
            if (updateConsumers && released && !Version.of(result.report().version()).isStable()) {
                ctx.events().warn("consumers not updated: " + result.report().version() + " is a pre-release "
                        + "(ppctl consumers update " + result.report().version() + " moves them on purpose)");
            } else if (updateConsumers && released) {
                ConsumerUpdate.Result consumers = ConsumerUpdate.run(project(), new ConsumerUpdate.Options(
                        result.report().version(), false, false, false, options.credentials()), ctx.events());
                return ConsumersUpdateCommand.report(this, consumers);
            }
        }
        return ExitCode.OK;
    }

    private ReleaseOptions options() {
        Set<ReleaseStep> skipped = ReleaseOptions.skipped(skip, noPush, dryRun);
        boolean pushing = ReleaseOptions.pushes(noPush, skipped);
        BumpLevel level = null;
        if (bump != null) {
            try {
                level = BumpLevel.valueOf(bump.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw usage("--bump " + bump + ": expected major, minor or patch");
            }
        }
        if (pre != null && level == null) {
            throw usage("--pre goes with --bump");
        }
        if (pre != null && !pre.matches("[0-9A-Za-z-]+")) {
            throw usage("--pre '" + pre + "' is not a valid pre-release identifier (letters, digits, '-')");
        }
        Duration wait;
        try {
            wait = Durations.parse(waitLock);
        } catch (IllegalArgumentException e) {
            throw usage("--wait-lock: " + e.getMessage());
        }
        // Report paths are checked now, not when the release has built, tested and pushed and then cannot write them.
        if (junitDir != null && Files.exists(junitDir) && !Files.isDirectory(junitDir)) {
            throw usage("--junit-dir " + junitDir + " is a file; name a folder for the JUnit XML files");
        }
        if (report != null && Files.isDirectory(report)) {
            throw usage("--report " + report + " is a folder; name the JSON file to write");
        }
        if (sarif != null && Files.isDirectory(sarif)) {
            throw usage("--sarif " + sarif + " is a folder; name the SARIF file to write");
        }
        project().config();
        if (updateConsumers) {
            if (!pushing) {
                throw usage("--update-consumers points consumers at the pushed release, and this release pushes nothing");
            }
            ConsumerUpdate.validate(project());
        }
        return ReleaseOptions.builder().noPush(noPush).skip(skipped).bump(level).pre(pre).dryRun(dryRun).report(absolute(report))
                .gitTag(gitTag).allowDirty(allowDirty).allowOverwrite(allowOverwrite).waitLock(wait)
                .registries(registryOptions.registries)
                .credentials(pushing && !dryRun ? registryOptions.credentials(invocation().in(), project().config()) : java.util.Map.of())
                .buildOptions(BuildOptions.builder().buildArgs(buildArgs).noCache(noCache).pull(pull).platforms(platforms).build())
                .junitDir(absolute(junitDir)).sarif(absolute(sarif)).build();
    }

    private void printPlan(PrintStream out, ReleasePlan plan) {
        var s = console().style();
        out.println(s.bold("release plan (dry run: nothing is built, tagged, pushed or written)"));
        out.println("  version   " + plan.version() + (plan.previousVersion() == null ? "" : " (bumped from " + plan.previousVersion() + ", not written)"));
        out.println("  commit    " + plan.commit());
        out.println("  image     " + plan.image());
        out.println("  tags      " + String.join(", ", plan.tags().stream().filter(TagPlan.Tag::applied).map(TagPlan.Tag::name).toList()));
        for (TagPlan.Tag t : plan.tags()) {
            if (!t.applied()) {
                out.println("            " + s.dim("skips " + t.name() + ": " + t.skipReason()));
            }
        }
        plan.registries().forEach(r -> out.println("  " + r.registry() + " " + String.join(", ", r.references())));
        if (!plan.platforms().isEmpty()) {
            out.println("  platforms " + String.join(", ", plan.platforms().stream().map(ReleaseTags.PlatformTags::platform).toList())
                    + " (the tags above name one image index over them)");
            plan.platforms().forEach(pt -> out.println("    " + pt.platform() + "  " + String.join(", ", pt.references())
                    + (pt.references().isEmpty() ? "" : ", ") + s.dim("local " + pt.local())));
        }
        out.println("  preflight");
        for (ReleaseCheck c : plan.preflight()) {
            out.println("    " + s.green("ok") + "  " + c.name() + ": " + c.detail());
        }
        out.println("  steps");
        for (ReleasePlan.PlannedStep step : plan.steps()) {
            out.println("    " + (step.skipReason() == null ? "run " : s.yellow("skip")) + "  " + step.name()
                    + (step.skipReason() == null ? ": " + step.description() : ": " + step.skipReason()));
        }
    }

    private void printSummary(PrintStream out, ReleaseReport r, Path file) {
        var s = console().style();
        out.println(s.bold(r.status().equals("released") ? "released " + r.version() : "built " + r.version() + " (not pushed)")
                + " from " + (r.commit() == null ? "?" : r.commit().substring(0, 7)) + " in " + Durations.format(Duration.ofMillis(Math.round(r.durationSeconds() * 1000))));
        if (r.image() != null) {
            out.println("  image    " + r.image().reference() + "  " + r.image().id());
        }
        if (r.smokeTest() != null) {
            out.println("  smoke    " + r.smokeTest().passed() + " passed");
        }
        if (r.integrationTest() != null) {
            out.println("  integr.  " + r.integrationTest().passed() + " passed");
        }
        if (r.scan() != null) {
            out.println("  scan     " + r.scan().verdict());
        }
        if (r.pushed() != null) {
            r.pushed().forEach(t -> out.println("  pushed   " + t.pinned()));
        } else if (r.localTags() != null) {
            out.println("  tagged   " + String.join(", ", r.localTags()));
        }
        for (ReleaseReport.Skipped sk : r.skipped()) {
            out.println("  " + (sk.forced() ? s.yellow("SKIPPED") : "skipped") + "  " + sk.step() + ": " + sk.reason());
        }
        if (r.versionCommit() != null) {
            out.println("  commit   " + r.versionCommit() + " (VERSION " + r.version() + ", made by --bump)");
        }
        if (r.gitTag() != null) {
            out.println("  git tag  " + r.gitTag() + " (push it: git push origin " + r.gitTag() + ")");
        }
        out.println("  report   " + file);
    }

    private static Path absolute(Path p) {
        return p == null ? null : p.toAbsolutePath().normalize();
    }
}
