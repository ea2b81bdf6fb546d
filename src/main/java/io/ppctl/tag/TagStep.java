package io.ppctl.tag;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.docker.DockerSession;
import io.ppctl.docker.Labels;
import io.ppctl.pipeline.StepContext;
import io.ppctl.project.LocalReleases;
import io.ppctl.project.Project;
import io.ppctl.project.ReleaseTags;
import io.ppctl.rules.ReleaseStep;
import io.ppctl.rules.RuledStep;
import io.ppctl.rules.TargetImage;
import io.ppctl.version.GitFacts;
import io.ppctl.version.TagPlan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gives the built image the release's names: every tag template, locally as image.name:TAG and, for each
 * registry, as repository:TAG (what `push` sends). Moving tags (latest, {{major}}.{{minor}}) go only to a stable
 * version not older than the newest stable version known from git tags or local images; a skipped tag says why.
 */
public final class TagStep implements RuledStep {
    public static final String NAME = ReleaseStep.TAG.word();

    private final String imageOption;
    private final boolean force;

    /**
     * @param imageOption the --image reference, or null for the image built in this run or last recorded
     * @param force       tag an image without ppctl's version and revision labels (--force), which cannot be checked
     */
    public TagStep(String imageOption, boolean force) {
        this.imageOption = imageOption;
        this.force = force;
    }

    @Override
    public ReleaseStep kind() {
        return ReleaseStep.TAG;
    }

    /** Checks every tag against Docker's reference rules; throws one usage error listing the invalid ones. */
    public static void validate(Project project) {
        ReleaseTags.validate(project);
    }

    @Override
    public String run(StepContext ctx) {
        Project project = ctx.project();
        validate(project);
        List<TargetImage> all = TargetImage.resolveAll(ctx, imageOption);
        TargetImage image = ctx.get(TargetImage.KEY).orElse(all.get(0));
        checkIsThisRelease(ctx, image, force);
        DockerSession docker = ctx.docker();
        List<TagPlan.Tag> plan = ReleaseTags.plan(project, docker);
        List<String> repositories = LocalReleases.repositories(project.config());

        List<TagResult.Tag> tags = new ArrayList<>();
        List<String> applied = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (TagPlan.Tag t : plan) {
            List<String> refs = new ArrayList<>();
            if (t.applied()) {
                for (String repository : repositories) {
                    docker.tag(image.id(), repository, t.name());
                    refs.add(repository + ":" + t.name());
                }
                ctx.events().log(NAME, String.join(", ", refs));
                applied.addAll(refs);
            } else {
                skipped.add(t.name());
                ctx.events().log(NAME, "skips " + t.name() + ": " + t.skipReason());
            }
            tags.add(new TagResult.Tag(t.name(), t.template(), t.moving(), t.applied(), t.skipReason(), List.copyOf(refs)));
        }
        List<ReleaseTags.PlatformTags> platforms = ReleaseTags.perPlatform(project, plan,
                all.stream().map(TargetImage::platform).filter(java.util.Objects::nonNull).toList());
        platforms.forEach(pt -> ctx.events().log(NAME, pt.platform() + ": " + pt.local() + " (pushed as "
                + String.join(", ", pt.references()) + ")"));
        TagResult result = new TagResult(image.id(), image.reference(), image.source(), project.version().toString(),
                List.copyOf(tags), List.copyOf(applied), platforms);
        ctx.put(TagResult.KEY, result);
        return (plan.size() - skipped.size()) + " tag(s) on " + TargetImage.shortId(image.id())
                + (skipped.isEmpty() ? "" : ", skipped " + String.join(", ", skipped));
    }

    /**
     * The tags name VERSION and HEAD, so the image must be their build: an image whose labels say another version
     * or commit would get names that lie about it. An image without ppctl's labels (--image) cannot be checked, so
     * it is refused (exit 2) unless --force.
     */
    private static void checkIsThisRelease(StepContext ctx, TargetImage image, boolean force) {
        Project project = ctx.project();
        Map<String, String> labels = image.details().labels();
        String version = labels.get(Labels.OCI_VERSION);
        String revision = labels.get(Labels.OCI_REVISION);
        String how = "build it again (ppctl build), or name the right image with --image";
        GitFacts facts = project.git();
        List<String> missing = new ArrayList<>();
        if (version == null) {
            missing.add(Labels.OCI_VERSION);
        }
        if (revision == null && facts.commit() != null) {
            missing.add(Labels.OCI_REVISION);
        }
        if (!missing.isEmpty()) {
            String what = image.reference() + " has no " + String.join(" or ", missing) + " label (it was not built by "
                    + "ppctl build), so nothing shows it is the build of " + project.version() + " at " + facts.shortCommit();
            if (!force) {
                throw new PpctlException(ExitCode.USAGE, what, "build it with ppctl build, or add --force "
                        + "to give it the release's tags anyway", null);
            }
            ctx.events().warn(what + "; tagging it anyway (--force)");
        }
        if (version != null && !version.equals(project.version().toString())) {
            throw PpctlException.usage(image.reference() + " (" + image.source() + ") is version " + version + ", but VERSION says "
                    + project.version() + "; " + how);
        }
        GitFacts git = facts;
        if (revision != null && git.commit() != null && !revision.equals(git.commit())) {
            throw PpctlException.usage(image.reference() + " (" + image.source() + ") was built from commit "
                    + revision.substring(0, Math.min(7, revision.length())) + ", but HEAD is " + git.shortCommit()
                    + ", so its sha tag would name the wrong commit; " + how);
        }
    }
}
