package io.ppctl.cli;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.pipeline.StepContext;
import io.ppctl.project.Project;
import io.ppctl.project.ReleaseTags;
import io.ppctl.version.GitFacts;
import io.ppctl.version.MovingTags;
import io.ppctl.version.TagPlan;
import io.ppctl.version.Version;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.List;

@Command(name = "version",
        description = {"Show the project's version (from VERSION), the git commit, whether the tree is dirty, "
                + "and the tags a release would apply.",
                "",
                "Examples:",
                "  ppctl version",
                "  ppctl version --output json"})
final class VersionCommand extends PpctlSubcommand {

    /** The JSON shape of `ppctl version --output json`. */
    record VersionInfo(String version, int major, int minor, int patch, List<String> preRelease, boolean stable,
                       boolean gitRepository, String commit, String shortCommit, boolean dirty,
                       String newestReleased, List<TagPlan.Tag> tags, List<ReleaseTags.RegistryTags> registries,
                       String note) {}

    @Override
    protected ExitCode execute() {
        Project p = project();
        Version v = p.version();
        GitFacts git = p.git();
        MovingTags moving;
        String note = null;
        try (StepContext ctx = stepContext()) {
            moving = ReleaseTags.movingTags(p, ctx.docker());
        } catch (PpctlException e) {
            if (e.exitCode() != ExitCode.ENVIRONMENT) {
                throw e;
            }
            // version works without a daemon; it says the moving tags were decided from git alone.
            moving = ReleaseTags.movingTags(p, null);
            note = "the Docker daemon did not answer: moving tags decided from git tags only (local images not seen)";
        }
        List<TagPlan.Tag> tags = ReleaseTags.plan(p, moving);
        VersionInfo info = new VersionInfo(v.toString(), v.major(), v.minor(), v.patch(), v.preRelease(), v.isStable(),
                git.repository(), git.commit(), git.repository() && git.commit() != null ? git.shortCommit() : null,
                git.dirty(), git.newestReleased().map(Version::toString).orElse(null), tags,
                ReleaseTags.perRegistry(p.config(), tags), note);
        console().result(info, out -> printText(out, info));
        return ExitCode.OK;
    }

    private void printText(PrintStream out, VersionInfo info) {
        var s = console().style();
        out.println("version:  " + s.bold(info.version()) + (info.stable() ? "" : " (pre-release)"));
        if (!info.gitRepository()) {
            out.println("commit:   (not a git repository)");
        } else if (info.commit() == null) {
            out.println("commit:   (no commits yet)");
        } else {
            out.println("commit:   " + info.shortCommit() + " (" + info.commit() + ")");
            out.println("tree:     " + (info.dirty() ? s.yellow("dirty") : "clean"));
        }
        if (info.newestReleased() != null) {
            out.println("released: " + info.newestReleased() + " (newest version tag)");
        }
        out.println("tags:     " + String.join(", ", info.tags().stream().filter(TagPlan.Tag::applied).map(TagPlan.Tag::name).toList()));
        for (TagPlan.Tag t : info.tags()) {
            if (!t.applied()) {
                out.println("          " + s.dim("skips " + t.name() + ": " + t.skipReason()));
            }
        }
        for (ReleaseTags.RegistryTags r : info.registries()) {
            out.println("  " + r.registry() + ": " + String.join(", ", r.references()));
        }
        if (info.note() != null) {
            out.println("          " + s.dim(info.note()));
        }
    }
}
