package io.ppctl.build;

import io.ppctl.config.ByteSize;
import io.ppctl.core.PpctlException;
import io.ppctl.docker.BuildListener;
import io.ppctl.docker.ContextArchive;
import io.ppctl.docker.DockerSession;
import io.ppctl.docker.ImageBuilder;
import io.ppctl.docker.ImageDetails;
import io.ppctl.docker.LocalImages;
import io.ppctl.event.Event;
import io.ppctl.event.EventBus;
import io.ppctl.pipeline.Step;
import io.ppctl.pipeline.StepContext;
import io.ppctl.pipeline.TargetImage;
import io.ppctl.project.BuildRecord;
import io.ppctl.project.Project;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds image.dockerfile into image.name:VERSION with traceable labels, checks the size budget, and hands the
 * exact image ID to the steps after it (in the step context and in target/ppctl/last-build.json). An image over
 * budget is left untagged and unrecorded, so nothing later picks it up.
 */
public final class BuildStep implements Step {
    public static final String NAME = "build";

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
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "build the image from the Dockerfile";
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
        AtomicReference<ContextArchive.Stats> sent = new AtomicReference<>();
        long start = System.nanoTime();
        ImageDetails details = new ImageBuilder(docker).build(plan.request(), listener(events, sent));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String id = details.id();

        SizeReport size = SizeReport.of(details.size(), local.history(id),
                LocalReleases.previous(join(releases), plan.version()), plan.sizeBudget());
        if (size.overBudget()) {
            throw PpctlException.checkFailed(size.budgetFailure(TargetImage.shortId(id), plan.sizeBudgetSource()));
        }

        docker.tag(id, plan.imageName(), plan.version().toString());
        new BuildRecord(id, plan.imageName(), plan.version().toString(), plan.git().commit(), plan.git().dirty(),
                now, details.size(), details.layers(), plan.labels()).save(project);
        ctx.put(TargetImage.KEY, new TargetImage(plan.reference(), id, NAME, details));
        BuildResult result = new BuildResult(id, plan.reference(), details.size(), size.sizeText(), details.layers(),
                took.toMillis() / 1000.0, plan.version().toString(), plan.git().commit(), plan.git().dirty(), plan.created(),
                plan.target().isEmpty() ? null : plan.target(), List.copyOf(plan.buildArgs().keySet()), plan.labels(),
                size.previous(), plan.sizeBudget(), size.largestLayers(), sent.get());
        ctx.put(BuildResult.KEY, result);
        return plan.reference() + " " + TargetImage.shortId(id) + ", " + size.sizeText() + ", " + details.layers() + " layers";
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Dockerfile steps become log lines (each step and its output, for CI) and progress (the status line of a terminal). */
    private static BuildListener listener(EventBus events, AtomicReference<ContextArchive.Stats> sent) {
        return new BuildListener() {
            @Override
            public void contextSent(ContextArchive.Stats stats) {
                sent.set(stats);
                events.log(NAME, "sent the build context: " + stats.files() + " files, " + ByteSize.format(stats.tarBytes()));
            }

            @Override
            public void step(int number, int total, String instruction) {
                events.log(NAME, "Step " + number + "/" + total + " : " + instruction);
                events.publish(new Event.Progress(NAME, "Step " + number + "/" + total, instruction, number, total));
            }

            @Override
            public void output(String line) {
                events.log(NAME, "  " + line);
            }

            @Override
            public void detail(String line) {
                events.debug(line);
            }
        };
    }
}
