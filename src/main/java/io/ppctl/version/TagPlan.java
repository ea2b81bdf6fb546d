package io.ppctl.version;

import java.util.ArrayList;
import java.util.List;

/** Which tags a release applies: every fixed tag; moving tags (latest, 1.2) as {@link MovingTags} decides. Skipped tags say why. */
public final class TagPlan {
    /** One rendered tag; {@code skipReason} is null when it is applied. */
    public record Tag(String template, String name, boolean moving, String skipReason) {
        public boolean applied() {
            return skipReason == null;
        }
    }

    private TagPlan() {}

    /**
     * @param moving what is known to be released, deciding the moving tags
     * @throws IllegalArgumentException when a template renders to an invalid tag (for example a version with +build metadata)
     */
    public static List<Tag> plan(List<TagTemplate> templates, TagTemplate.Values values, MovingTags moving) {
        List<Tag> out = new ArrayList<>();
        Version version = values.version();
        for (TagTemplate t : templates) {
            String name = t.render(values);
            DockerReference.tagProblem(name).ifPresent(p -> {
                throw new IllegalArgumentException("tag template '" + t.template() + "' gives " + p);
            });
            String skip = t.isMoving() ? moving.skipReason(version, name) : null;
            out.add(new Tag(t.template(), name, t.isMoving(), skip));
        }
        return List.copyOf(out);
    }
}
