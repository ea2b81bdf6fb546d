package io.ppctl.build;

import io.ppctl.context.ContextArchive;
import io.ppctl.core.ByteSize;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.docker.BuildListener;
import io.ppctl.docker.DockerSession;
import io.ppctl.docker.ImageBuilder;
import io.ppctl.docker.ImageDetails;
import io.ppctl.docker.LocalImages;
import io.ppctl.event.EventBus;
import io.ppctl.platform.Platform;
import io.ppctl.pipeline.StepContext;
import io.ppctl.project.BuildRecord;
import io.ppctl.project.LocalReleases;
import io.ppctl.project.Project;
import io.ppctl.rules.ReleaseStep;
import io.ppctl.rules.RuledStep;
import io.ppctl.rules.TargetImage;
import io.ppctl.supplychain.BuildFacts;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds image.dockerfile into image.name:VERSION with traceable labels, checks the size budget, and hands the
 * exact image ID to the steps after it (in the step context and in target/ppctl/last-build.json). An image over
 * budget is left untagged and unrecorded, so nothing later picks it up.
 */
public final class BuildStep implements RuledStep {
    public static final String NAME = ReleaseStep.BUILD.word();

    private final BuildOptions options;
    private final List<LabelContributor> contributors;

    public BuildStep(BuildOptions options) {
        this(options, LabelContributor.defaults());
    }

    public BuildStep(BuildOptions options, List<LabelContributor> contributors) {
        this.options = options;
        this.contributors = List.copyOf(contributors);
    }

    @Override
    public ReleaseStep kind() {
        return ReleaseStep.BUILD;
    }

    /** The checks a build makes before it starts, for `ppctl release`'s preflight (throws a usage error). */
    public static BuildPlan validate(Project project, BuildOptions options) {
        return BuildPlan.prepare(project, options, Instant.now(), Map.of());
    }

    @Override
    public String run(StepContext ctx) {
        Project project = ctx.project();
        // The connection does not depend on the plan: open it while git is asked for the labels and build args.
        CompletableFuture<DockerSession> connecting = CompletableFuture.supplyAsync(ctx::docker);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> extraLabels = new LinkedHashMap<>();
        for (LabelContributor c : contributors) {
            extraLabels.putAll(c.labels(ctx));
        }
        BuildPlan plan = BuildPlan.prepare(project, options, now, extraLabels);
        EventBus events = ctx.events();
        plan.warnings().forEach(events::warn);
        if (!plan.git().repository()) {
            events.warn("not a git repository: the image gets no revision label");
        } else if (plan.git().dirty()) {
            events.warn("uncommitted changes: the image holds more than commit " + plan.git().shortCommit()
                    + " (its revision label) describes");
        }
        if (!plan.buildArgs().isEmpty()) {
            events.debug("build args: " + String.join(", ", plan.buildArgs().keySet()));
        }

        DockerSession docker = join(connecting);
        LocalImages local = new LocalImages(docker);
        // The releases held locally do not depend on this build: look them up while the daemon reads the context.
        CompletableFuture<List<LocalReleases.LocalRelease>> releases =
                CompletableFuture.supplyAsync(() -> LocalReleases.find(local, project.config()));
        Optional<BuildRecord> last = BuildRecord.load(project);
        if (!plan.multiPlatform()) {
            Built b = buildOne(plan, project, docker, events, last.map(Previous::of), now);
            SizeReport size = SizeReport.of(b.details().size(), local.history(b.id()),
                    LocalReleases.previous(join(releases), plan.version()), plan.sizeBudget());
            if (size.overBudget()) {
                throw PpctlException.checkFailed(size.budgetFailure(TargetImage.shortId(b.id()), plan.sizeBudgetSource()));
            }
            docker.tag(b.id(), plan.imageName(), plan.version().toString());
            record(plan, b, List.of()).save(project);
            ctx.put(TargetImage.KEY, new TargetImage(plan.reference(), b.id(), NAME, b.details()));
            BuildResult result = result(plan, b, size, List.of());
            ctx.put(BuildResult.KEY, result);
            return plan.reference() + " " + TargetImage.shortId(b.id()) + ", " + size.sizeText() + ", " + b.details().layers() + " layers";
        }

        Optional<Platform> daemonPlatform = Platform.of(docker.info().os(), docker.info().architecture(), null);
        List<Built> built = new ArrayList<>();
        List<SizeReport> sizes = new ArrayList<>();
        for (Platform p : plan.platforms()) {
            events.log(NAME, "building for " + p);
            BuildPlan one = plan.forPlatform(p);
            Built b;
            try {
                b = buildOne(one, project, docker, events, last.flatMap(r -> r.platform(p.toString())).map(Previous::of), now);
            } catch (PpctlException e) {
                if (e.exitCode() == ExitCode.INTERRUPTED) {
                    throw e;
                }
                throw ImagePlatform.explain(e, p, one, docker);
            }
            ImagePlatform.check(p, b.details(), one, docker);
            // Only the daemon's own platform is compared with the previous release held locally: that is the one it holds.
            SizeReport size = SizeReport.of(b.details().size(), local.history(b.id()),
                    daemonPlatform.filter(p::equals).isPresent() ? LocalReleases.previous(join(releases), plan.version())
                            : Optional.empty(), plan.sizeBudget());
            if (size.overBudget()) {
                throw PpctlException.checkFailed(p + ": " + size.budgetFailure(TargetImage.shortId(b.id()), plan.sizeBudgetSource()));
            }
            docker.tag(b.id(), plan.imageName(), plan.version() + "-" + p.tagSuffix());
            built.add(b);
            sizes.add(size);
        }
        int primary = primaryIndex(plan.platforms(), daemonPlatform);
        Built main = built.get(primary);
        docker.tag(main.id(), plan.imageName(), plan.version().toString());
        List<BuildRecord.PlatformImage> images = new ArrayList<>();
        List<TargetImage> targets = new ArrayList<>();
        List<BuildResult.PlatformBuild> platformResults = new ArrayList<>();
        for (int i = 0; i < built.size(); i++) {
            Built b = built.get(i);
            Platform p = plan.platforms().get(i);
            images.add(new BuildRecord.PlatformImage(p.toString(), b.id(), b.details().size(), b.details().layers(), b.recipe(),
                    b.context(), b.builtAt()));
            targets.add(new TargetImage(plan.reference(), b.id(), NAME, b.details(), p));
            platformResults.add(new BuildResult.PlatformBuild(p.toString(), b.id(), plan.imageName() + ":" + plan.version() + "-"
                    + p.tagSuffix(), b.details().size(), sizes.get(i).sizeText(), b.details().layers(), b.reused()));
        }
        record(plan, main, images).save(project);
        ctx.put(TargetImage.PLATFORMS, new TargetImage.PerPlatform(targets));
        ctx.put(TargetImage.KEY, targets.get(primary));
        BuildResult result = result(plan, main, sizes.get(primary), platformResults);
        ctx.put(BuildResult.KEY, result);
        return plan.reference() + " for " + Platform.join(plan.platforms()) + ": " + String.join(", ",
                platformResults.stream().map(r -> r.platform() + " " + TargetImage.shortId(r.imageId()) + " " + r.sizeText()).toList());
    }

    /** The image of the daemon's own platform stands for a multi-platform build locally (image.name:VERSION); else the first. */
    static int primaryIndex(List<Platform> platforms, Optional<Platform> daemon) {
        int i = daemon.map(platforms::indexOf).orElse(-1);
        return i < 0 ? 0 : i;
    }

    /** One image built (or reused), with what its record keeps. */
    private record Built(ImageDetails details, boolean reused, Instant builtAt, String recipe, String context,
                         ContextArchive.Stats sent, double seconds) {
        String id() {
            return details.id();
        }
    }

    /** What the last build recorded of an image: enough to tell whether the same inputs would make it again. */
    private record Previous(String imageId, String recipe, String context, Instant builtAt) {
        static Previous of(BuildRecord r) {
            return new Previous(r.imageId(), r.recipe(), r.context(), r.builtAt());
        }

        static Previous of(BuildRecord.PlatformImage i) {
            return new Previous(i.imageId(), i.recipe(), i.context(), i.builtAt());
        }
    }

    private Built buildOne(BuildPlan plan, Project project, DockerSession docker, EventBus events, Optional<Previous> last,
                           Instant now) {
        AtomicReference<ContextArchive.Stats> sent = new AtomicReference<>();
        long start = System.nanoTime();
        BuildInputs inputs = BuildInputs.of(plan, ref -> docker.inspectImage(ref).map(ImageDetails::id));
        Optional<ImageDetails> reused = reusable(plan, project, inputs, last, docker, events);
        ImageDetails details = reused.isPresent() ? reused.get()
                : new ImageBuilder(docker).build(plan.request(), listener(events, sent));
        String context = reused.isPresent() ? last.get().context() : sent.get() == null ? null : sent.get().digest();
        double seconds = Duration.ofNanos(System.nanoTime() - start).toMillis() / 1000.0;
        Instant builtAt = reused.isPresent() ? last.get().builtAt() : now;
        if (reused.isEmpty() || BuildFacts.load(project, details.id()).isEmpty()) {
            BuildFactsRecorder.record(project, plan, details.id(), docker, now);
        }
        return new Built(details, reused.isPresent(), builtAt, inputs.recipe(), context, sent.get(), seconds);
    }

    /** What last-build.json keeps of the build: the image {@code b} (the primary one of several platforms'). */
    private static BuildRecord record(BuildPlan plan, Built b, List<BuildRecord.PlatformImage> platforms) {
        return BuildRecord.builder().imageId(b.id()).imageName(plan.imageName()).version(plan.version().toString())
                .commit(plan.git().commit()).dirty(plan.git().dirty()).builtAt(b.builtAt()).size(b.details().size())
                .layers(b.details().layers()).labels(plan.labels()).recipe(b.recipe()).context(b.context())
                .platforms(platforms).build();
    }

    private static BuildResult result(BuildPlan plan, Built b, SizeReport size, List<BuildResult.PlatformBuild> platforms) {
        return BuildResult.builder().imageId(b.id()).reference(plan.reference()).size(b.details().size())
                .sizeText(size.sizeText()).layers(b.details().layers()).durationSeconds(b.seconds())
                .version(plan.version().toString()).commit(plan.git().commit()).dirty(plan.git().dirty()).created(plan.created())
                .target(plan.target().isEmpty() ? null : plan.target()).buildArgs(List.copyOf(plan.buildArgs().keySet()))
                .labels(plan.labels()).previous(size.previous()).sizeBudget(plan.sizeBudget()).largestLayers(size.largestLayers())
                .context(b.sent()).reused(b.reused()).platforms(platforms).build();
    }

    /**
     * The image of the last build when it was built from these very inputs and still exists: what the daemon would
     * answer after receiving the whole context and finding every step in its cache. The recipe (Dockerfile, args,
     * labels, base images) is compared first; only when it is the same is the context walked (its file hashes
     * remembered, so only changed files are read).
     */
    private static Optional<ImageDetails> reusable(BuildPlan plan, Project project, BuildInputs inputs, Optional<Previous> last,
                                                   DockerSession docker, EventBus events) {
        if (inputs.recipe() == null) {
            events.debug("not reusing an earlier image: " + inputs.notReusable());
            return Optional.empty();
        }
        if (last.isEmpty() || !inputs.recipe().equals(last.get().recipe()) || last.get().context() == null) {
            events.debug("not reusing an earlier image: the Dockerfile, build args, labels or base images differ from the last build's");
            return Optional.empty();
        }
        String context;
        try {
            ContextFingerprint.Result r = ContextFingerprint.compute(plan.contextDir(), plan.ignore(), project.stateDir());
            events.debug("build context digest " + r.sha256().substring(0, 12) + ": " + r.entries() + " entries, "
                    + r.filesHashed() + " files read (the others unchanged since they were last hashed)");
            context = r.sha256();
        } catch (IOException | RuntimeException e) {
            // The build itself reports an unreadable context; without a digest it only cannot reuse anything.
            events.debug("not reusing an earlier image: the build context could not be read: " + e.getMessage());
            return Optional.empty();
        }
        if (!context.equals(last.get().context())) {
            events.debug("not reusing an earlier image: the build context changed");
            return Optional.empty();
        }
        Optional<ImageDetails> image = docker.inspectImage(last.get().imageId());
        image.ifPresent(i -> events.log(NAME, "inputs unchanged since the build of " + last.get().builtAt()
                + " (Dockerfile, build args, labels, base images, build context): reusing " + TargetImage.shortId(i.id())
                + " without sending the context (--no-cache builds anew)"));
        return image;
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Dockerfile steps become log lines (each step and its output, for CI) and progress (the status line of a terminal). */
    static BuildListener listener(EventBus events, AtomicReference<ContextArchive.Stats> sent) {
        return new BuildListener() {
            @Override
            public void contextSent(ContextArchive.Stats stats) {
                sent.set(stats);
                events.log(NAME, "sent the build context: " + stats.files() + " files, " + ByteSize.format(stats.tarBytes()));
            }

            @Override
            public void step(int number, int total, String instruction) {
                // One event: the log line is the CI line and the terminal's status line (a Progress as well printed
                // every step twice with -v).
                events.log(NAME, "Step " + number + "/" + total + " : " + instruction);
            }

            @Override
            public void output(String line) {
                events.log(NAME, "  " + line);
            }

            @Override
            public void detail(String line) {
                events.debug(line);
            }

            @Override
            public void warn(String line) {
                events.warn(line);
            }
        };
    }
}
