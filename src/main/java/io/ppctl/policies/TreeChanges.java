package io.ppctl.policies;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.ppctl.version.BumpLevel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What changed between two trees of a policy repo, file by file. A removed file whose content (or, failing that,
 * whose file name) reappears in another folder is a move: the project's rules make that a structure change
 * (major), while added, changed and removed files are policy content changes (patch).
 */
public record TreeChanges(List<String> added, List<String> changed, List<String> removed, List<Move> moved) {

    /** A file that went to another folder. */
    public record Move(String from, String to) {}

    public static TreeChanges between(PolicyTree before, PolicyTree after) {
        Map<String, PolicyTree.File> old = before.byPath();
        Map<String, PolicyTree.File> now = after.byPath();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        Set<String> added = new LinkedHashSet<>();
        for (PolicyTree.File f : after.files()) {
            PolicyTree.File o = old.get(f.path());
            if (o == null) {
                added.add(f.path());
            } else if (!o.equals(f)) {
                changed.add(f.path());
            }
        }
        for (PolicyTree.File f : before.files()) {
            if (!now.containsKey(f.path())) {
                removed.add(f.path());
            }
        }
        List<Move> moves = new ArrayList<>();
        for (String from : List.copyOf(removed)) {
            String sha = old.get(from).sha256();
            String to = added.stream().filter(a -> now.get(a).sha256().equals(sha)).findFirst()
                    .or(() -> added.stream().filter(a -> fileName(a).equals(fileName(from))).findFirst())
                    .orElse(null);
            if (to != null && !folder(to).equals(folder(from))) {
                moves.add(new Move(from, to));
                removed.remove(from);
                added.remove(to);
            }
        }
        return new TreeChanges(List.copyOf(added), List.copyOf(changed), List.copyOf(removed), List.copyOf(moves));
    }

    @JsonIgnore
    public boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty() && moved.isEmpty();
    }

    /** Moves between folders change the structure (major); any other file change is policy content (patch). */
    @JsonIgnore
    public Optional<BumpLevel> level() {
        if (!moved.isEmpty()) {
            return Optional.of(BumpLevel.MAJOR);
        }
        return isEmpty() ? Optional.empty() : Optional.of(BumpLevel.PATCH);
    }

    @JsonIgnore
    public String summary() {
        String s = added.size() + " added, " + changed.size() + " changed, " + removed.size() + " removed";
        return moved.isEmpty() ? s : s + ", " + moved.size() + " moved between folders";
    }

    /** Every path with a one-word reason, for messages: "a.yaml (changed)". */
    @JsonIgnore
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        added.forEach(p -> out.add(p + " (added)"));
        changed.forEach(p -> out.add(p + " (changed)"));
        removed.forEach(p -> out.add(p + " (removed)"));
        moved.forEach(m -> out.add(m.from() + " -> " + m.to() + " (moved)"));
        return out;
    }

    private static String folder(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
