package io.ppctl.project;

import io.ppctl.config.PpctlConfig;
import io.ppctl.config.RegistryConfig;
import io.ppctl.core.PpctlException;
import io.ppctl.docker.DockerSession;
import io.ppctl.docker.LocalImages;
import io.ppctl.platform.Platform;
import io.ppctl.version.DockerReference;
import io.ppctl.version.MovingTags;
import io.ppctl.version.TagPlan;
import io.ppctl.version.TagTemplate;
import io.ppctl.version.Version;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The tags this project's release gets, from its config, VERSION and git. */
public final class ReleaseTags {
    /** A registry's full references for the applied tags: ghcr.io/acme/policy-platform:v1.0.2, ... */
    public record RegistryTags(String registry, List<String> references) {}

    private ReleaseTags() {}

    /**
     * The release's tags, moving tags decided from every release ppctl can see: git tags and the daemon's local
     * images of this project. Every command that names, pushes or reports tags calls this, so they agree.
     */
    public static List<TagPlan.Tag> plan(Project p, DockerSession docker) {
        return plan(p, movingTags(p, docker));
    }

    /** The evidence for moving tags: git tags, and local images when the daemon answers (null: git only). */
    public static MovingTags movingTags(Project p, DockerSession docker) {
        List<Version> local = docker == null ? List.of()
                : LocalReleases.find(new LocalImages(docker), p.config()).stream().map(LocalReleases.LocalRelease::version).toList();
        return MovingTags.of(p.git().releasedVersions(), local, "local image");
    }

    public static List<TagPlan.Tag> plan(Project p, MovingTags moving) {
        Version v = p.version();
        TagTemplate.Values values = new TagTemplate.Values(v, p.git().shortCommit(), LocalDate.now(ZoneOffset.UTC));
        try {
            return TagPlan.plan(TagTemplate.all(p.config().tags()), values, moving);
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

    /**
     * One platform's tags in a multi-platform release: {@code local} the daemon's name of its image
     * (image.name:VERSION-OS-ARCH), {@code references} what each registry gets for it (repository:PLATFORM-TAG); the
     * release's own tags name the image index over all platforms.
     */
    public record PlatformTags(String platform, String local, List<String> references) {}

    /**
     * The tag a platform's image is pushed under: the release's first fixed tag that does not name the version (the
     * commit's sha- tag), else ppctl-VERSION, followed by the platform, e.g. sha-1a2b3c4-linux-arm64. Never a version:
     * the version tag names the index.
     */
    public static String platformTag(String carrier, String version, Platform platform) {
        return (carrier == null ? "ppctl-" + version.replace('+', '_') : carrier) + "-" + platform.tagSuffix();
    }

    /** The first applied fixed tag that does not name the version, or null. */
    public static String carrier(List<TagPlan.Tag> tags) {
        return tags.stream().filter(TagPlan.Tag::applied).filter(t -> !t.moving()).filter(t -> !namesVersion(t))
                .map(TagPlan.Tag::name).findFirst().orElse(null);
    }

    /** Whether a tag's template names the version ({{version}}): such a tag is immutable once published. */
    public static boolean namesVersion(TagPlan.Tag t) {
        return t.template().replace(" ", "").contains("{{version}}");
    }

    /** The tags of each platform of a multi-platform release; empty for a release of one platform. */
    public static List<PlatformTags> perPlatform(Project p, List<TagPlan.Tag> tags, List<Platform> platforms) {
        if (platforms.size() < 2) {
            return List.of();
        }
        String version = p.version().toString();
        String carrier = carrier(tags);
        return platforms.stream().map(pl -> new PlatformTags(pl.toString(), p.config().image().name() + ":" + version + "-"
                + pl.tagSuffix(), p.config().registries().stream().map(r -> r.repository() + ":"
                + platformTag(carrier, version, pl)).toList())).toList();
    }

    public static List<RegistryTags> perRegistry(PpctlConfig config, List<TagPlan.Tag> tags) {
        return config.registries().stream().map(r -> new RegistryTags(r.name(), references(r, tags))).toList();
    }

    public static List<String> references(RegistryConfig r, List<TagPlan.Tag> tags) {
        return tags.stream().filter(TagPlan.Tag::applied).map(t -> r.repository() + ":" + t.name()).toList();
    }
}
