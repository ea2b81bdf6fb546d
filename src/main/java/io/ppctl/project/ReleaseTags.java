package io.ppctl.project;

import io.ppctl.config.PpctlConfig;
import io.ppctl.config.RegistryConfig;
import io.ppctl.core.PpctlException;
import io.ppctl.version.DockerReference;
import io.ppctl.version.GitFacts;
import io.ppctl.version.TagPlan;
import io.ppctl.version.TagTemplate;
import io.ppctl.version.Version;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
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
        // Only stable releases hold moving tags: a v1.3.0-rc.1 tag must not stop a v1.2.5 hotfix from taking latest.
        Optional<Version> newest = git.releasedVersions().stream().filter(Version::isStable).max(Comparator.naturalOrder());
        if (alsoReleased.isPresent() && alsoReleased.get().isStable()
                && (newest.isEmpty() || alsoReleased.get().compareTo(newest.get()) > 0)) {
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

    /**
     * Checks every tag the release would apply, rendered for the current VERSION and commit, against Docker's
     * reference rules, before anything is built; one usage error lists all invalid ones.
     */
    public static void validate(Project p) {
        Version v = p.version();
        TagTemplate.Values values = new TagTemplate.Values(v, p.git().shortCommit(), LocalDate.now(ZoneOffset.UTC));
        List<String> problems = new ArrayList<>();
        for (String template : p.config().tags()) {
            DockerReference.tagProblem(new TagTemplate(template).render(values))
                    .ifPresent(problem -> problems.add(template + " -> " + problem));
        }
        if (!problems.isEmpty()) {
            throw PpctlException.usage(p.configFile().getFileName() + ": tags: " + problems.size() + " invalid for version "
                    + v + ": " + String.join("; ", problems));
        }
    }

    public static List<RegistryTags> perRegistry(PpctlConfig config, List<TagPlan.Tag> tags) {
        return config.registries().stream().map(r -> new RegistryTags(r.name(), references(r, tags))).toList();
    }

    public static List<String> references(RegistryConfig r, List<TagPlan.Tag> tags) {
        return tags.stream().filter(TagPlan.Tag::applied).map(t -> r.repository() + ":" + t.name()).toList();
    }
}
