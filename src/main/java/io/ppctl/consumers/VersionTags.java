package io.ppctl.consumers;

import io.ppctl.version.GitFacts;
import io.ppctl.version.TagTemplate;
import io.ppctl.version.Version;

import java.time.LocalDate;
import java.util.List;

/**
 * The version tags a release gets ({@code {{version}}}, or e.g. {@code {{major}}.{{minor}}.{{patch}}}), to give a
 * consumer the new version in the same spelling as the tag it references now.
 */
public final class VersionTags {
    private static final TagTemplate.Values SAMPLE = values(Version.of("0.0.0"));
    private final List<TagTemplate> fixed;

    public VersionTags(List<String> tagTemplates) {
        this.fixed = TagTemplate.all(tagTemplates).stream().filter(t -> !t.isMoving())
                .filter(t -> t.render(SAMPLE).equals(t.render(values(Version.of("0.0.0"), "1111111", LocalDate.of(2000, 1, 2)))))
                .toList();
    }

    /** The tag the registry holds {@code v} under, as the first version template renders it ({{version}} by default). */
    public String primary(Version v) {
        return fixed.isEmpty() ? v.toString() : fixed.get(0).render(values(v));
    }

    /** {@code oldTag} (a tag of {@code old}) for {@code target}: the template that gave oldTag, else the same v-prefix style. */
    public String next(String oldTag, Version old, Version target) {
        // {{version}} is the version as the project writes it: compare in the project's spelling, not the consumer's.
        Version asReleased = old.withPrefix(target.prefix());
        for (TagTemplate t : fixed) {
            if (t.render(values(asReleased)).equals(oldTag)) {
                return t.render(values(target));
            }
        }
        return old.prefix() + target.bare();
    }

    private static TagTemplate.Values values(Version v) {
        return values(v, GitFacts.NO_COMMIT, LocalDate.of(2000, 1, 1));
    }

    private static TagTemplate.Values values(Version v, String sha, LocalDate date) {
        return new TagTemplate.Values(v, sha, date);
    }
}
