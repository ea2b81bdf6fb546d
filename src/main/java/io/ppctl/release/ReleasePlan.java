package io.ppctl.release;

import io.ppctl.project.ReleaseTags;
import io.ppctl.version.TagPlan;

import java.util.List;

/** What a release would do, as --dry-run prints it: nothing has been built, tagged, pushed or written. */
public record ReleasePlan(String version, String previousVersion, String commit, String image, List<TagPlan.Tag> tags,
                          List<ReleaseTags.RegistryTags> registries, List<PlannedStep> steps, List<ReleaseCheck> preflight,
                          List<ReleaseTags.PlatformTags> platforms) {

    /** A step and, when it will not run, why. */
    public record PlannedStep(String name, String description, String skipReason) {}
}
