package io.ppctl.push;

import io.ppctl.config.RegistryConfig;
import io.ppctl.project.ReleaseTags;
import io.ppctl.version.TagPlan;

import java.util.ArrayList;
import java.util.List;

/**
 * What a push sends where: per registry, the fixed tags first (the version, sha-...), then the moving tags
 * (latest, 1.2), so that a moving tag never points at an image whose version tag did not make it.
 *
 * @param versionTags the fixed tags that name the version ({{version}}): immutable once published
 */
public record PushPlan(List<Target> targets, List<String> versionTags) {

    /** One registry's tags, in push order. */
    public record Target(RegistryConfig registry, List<String> fixedTags, List<String> movingTags) {
        public List<String> ordered() {
            List<String> all = new ArrayList<>(fixedTags);
            all.addAll(movingTags);
            return List.copyOf(all);
        }

        public String reference(String tag) {
            return registry.repository() + ":" + tag;
        }
    }

    /** Only applied tags are pushed; skipped ones (a moving tag for a pre-release) are left out. */
    public static PushPlan of(List<RegistryConfig> registries, List<TagPlan.Tag> tags) {
        List<String> fixed = tags.stream().filter(TagPlan.Tag::applied).filter(t -> !t.moving()).map(TagPlan.Tag::name)
                .distinct().toList();
        List<String> moving = tags.stream().filter(TagPlan.Tag::applied).filter(TagPlan.Tag::moving).map(TagPlan.Tag::name)
                .filter(n -> !fixed.contains(n)).distinct().toList();
        List<String> versionTags = tags.stream().filter(TagPlan.Tag::applied).filter(t -> !t.moving())
                .filter(ReleaseTags::namesVersion).map(TagPlan.Tag::name).distinct().toList();
        return new PushPlan(registries.stream().map(r -> new Target(r, fixed, moving)).toList(), versionTags);
    }

    public int tagCount() {
        return targets.stream().mapToInt(t -> t.ordered().size()).sum();
    }
}
