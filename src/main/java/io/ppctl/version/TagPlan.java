package io.ppctl.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which tags a release applies, by the release policy: every fixed tag; moving tags (latest, 1.2) only for a
 * stable version that is not older than the newest version already released. Skipped tags say why.
 */
public final class TagPlan {
    /** One rendered tag; {@code skipReason} is null when it is applied. */
    public record Tag(String template, String name, boolean moving, String skipReason) {
        public boolean applied() {
            return skipReason == null;
        }
    }

    private TagPlan() {}

    /**
     * @param newestReleased the newest version known to be released (git tags, local images), if any
     * @throws IllegalArgumentException when a template renders to an invalid tag (for example a version with +build metadata)
     */
    public static List<Tag> plan(List<TagTemplate> templates, TagTemplate.Values values, Optional<Version> newestReleased) {
        List<Tag> out = new ArrayList<>();
        Version version = values.version();
        for (TagTemplate t : templates) {
            String name = t.render(values);
            DockerReference.tagProblem(name).ifPresent(p -> {
                throw new IllegalArgumentException("tag template '" + t.template() + "' gives " + p);
            });
            String skip = null;
            if (t.isMoving()) {
                if (!version.isStable()) {
                    skip = version + " is a pre-release; moving tags stay on the newest stable release";
                } else if (newestReleased.isPresent() && version.compareTo(newestReleased.get()) < 0) {
                    skip = version + " is older than the released " + newestReleased.get() + ", which keeps '" + name + "'";
                }
            }
            out.add(new Tag(t.template(), name, t.isMoving(), skip));
        }
        return List.copyOf(out);
    }
}
