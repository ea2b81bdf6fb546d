package io.ppctl.project;

import io.ppctl.config.PpctlConfig;
import io.ppctl.config.RegistryConfig;
import io.ppctl.core.PpctlException;
import io.ppctl.version.GitFacts;
import io.ppctl.version.TagPlan;
import io.ppctl.version.TagTemplate;
import io.ppctl.version.Version;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The tags this project's release gets, from its config, VERSION and git. */
public final class ReleaseTags {
    /** A registry's full references for the applied tags: ghcr.io/acme/policy-platform:v1.0.2, ... */
    public record RegistryTags(String registry, List<String> references) {}

    private ReleaseTags() {}

    public static List<TagPlan.Tag> plan(Project p) {
        return plan(p, Optional.empty());
    }

    /**
     * @param alsoReleased a released version known from elsewhere (local images, the registry) that git may not have
     */
    public static List<TagPlan.Tag> plan(Project p, Optional<Version> alsoReleased) {
        Version v = p.version();
        GitFacts git = p.git();
        Optional<Version> newest = git.newestReleased();
        if (alsoReleased.isPresent() && (newest.isEmpty() || alsoReleased.get().compareTo(newest.get()) > 0)) {
            newest = alsoReleased;
        }
        // The version being released may already carry its own git tag (release --git-tag, a rebuild): it is not "newer".
        TagTemplate.Values values = new TagTemplate.Values(v, git.shortCommit(), LocalDate.now(ZoneOffset.UTC));
        try {
            return TagPlan.plan(TagTemplate.all(p.config().tags()), values, newest);
        } catch (IllegalArgumentException e) {
            throw PpctlException.usage(p.configFile().getFileName() + ": tags: " + e.getMessage() + " for version " + v);
        }
    }

    public static List<RegistryTags> perRegistry(PpctlConfig config, List<TagPlan.Tag> tags) {
        return config.registries().stream().map(r -> new RegistryTags(r.name(), references(r, tags))).toList();
    }

    public static List<String> references(RegistryConfig r, List<TagPlan.Tag> tags) {
        return tags.stream().filter(TagPlan.Tag::applied).map(t -> r.repository() + ":" + t.name()).toList();
    }
}
