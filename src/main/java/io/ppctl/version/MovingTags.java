package io.ppctl.version;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The one decision about moving tags (latest, {{major}}.{{minor}}), used by version, tag, push, release (and its
 * dry run and report) and rollback: only a stable version holds them, and only when it is not older than the newest
 * stable version released anywhere ppctl can see (git tags, local images). Every command builds this from the same
 * evidence (ReleaseTags gathers it), so none of them can push a tag another one said it skips.
 */
public final class MovingTags {
    private final Optional<Version> newestStable;
    private final String seenIn;

    private MovingTags(Optional<Version> newestStable, String seenIn) {
        this.newestStable = newestStable;
        this.seenIn = seenIn;
    }

    /** No release known: every stable version may take the moving tags. */
    public static MovingTags none() {
        return new MovingTags(Optional.empty(), null);
    }

    /** @param inGit versions with a git tag; @param elsewhere versions seen elsewhere (local images), named by {@code where} */
    public static MovingTags of(Collection<Version> inGit, Collection<Version> elsewhere, String where) {
        Optional<Version> git = newest(inGit);
        Optional<Version> other = newest(elsewhere);
        if (other.isPresent() && (git.isEmpty() || other.get().compareTo(git.get()) > 0)) {
            return new MovingTags(other, where);
        }
        return new MovingTags(git, git.isPresent() ? "git tags" : null);
    }

    private static Optional<Version> newest(Collection<Version> versions) {
        return versions.stream().filter(Version::isStable).max(Comparator.naturalOrder());
    }

    public Optional<Version> newestStable() {
        return newestStable;
    }

    /** Why {@code version} does not get the moving tag {@code name}, or null when it does. */
    public String skipReason(Version version, String name) {
        if (!version.isStable()) {
            return version + " is a pre-release; moving tags stay on the newest stable release";
        }
        if (newestStable.isPresent() && version.compareTo(newestStable.get()) < 0) {
            return version + " is older than the released " + newestStable.get() + " (" + seenIn + "), which keeps '" + name + "'";
        }
        return null;
    }

    /**
     * The moving tags a rollback points at {@code version}: going back is the point of a rollback, so only the
     * stable rule holds (a pre-release never takes a moving tag); null when the version may not take them.
     */
    public static String rollbackRefusal(Version version) {
        return version.isStable() ? null : version + " is a pre-release; moving tags only ever point at stable releases";
    }

    /** The moving templates of {@code templates}, rendered for {@code values}, once each. */
    public static List<String> names(List<TagTemplate> templates, TagTemplate.Values values) {
        List<String> out = new ArrayList<>();
        for (TagTemplate t : templates) {
            if (t.isMoving() && !out.contains(t.render(values))) {
                out.add(t.render(values));
            }
        }
        return out;
    }
}
