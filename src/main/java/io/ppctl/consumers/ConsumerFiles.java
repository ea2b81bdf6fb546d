package io.ppctl.consumers;

import io.ppctl.project.Project;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files of one consumer that its globs select, read as bytes. They are handled as ISO-8859-1 text, which maps
 * every byte to one character and back: whatever the encoding, line endings or a BOM, only the bytes of the
 * references change.
 */
final class ConsumerFiles {
    private final Map<String, String> texts;
    private final List<String> unmatched;

    private ConsumerFiles(Map<String, String> texts, List<String> unmatched) {
        this.texts = texts;
        this.unmatched = unmatched;
    }

    static ConsumerFiles select(ConsumerClone clone, List<String> globs) {
        List<String> tracked = clone.files();
        Set<String> chosen = new LinkedHashSet<>();
        List<String> unmatched = new ArrayList<>();
        for (String glob : globs) {
            List<String> hits = tracked.stream().filter(matcher(glob)::test).toList();
            if (hits.isEmpty()) {
                unmatched.add(glob);
            }
            chosen.addAll(hits);
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (String f : chosen) {
            texts.put(f, new String(clone.read(f), StandardCharsets.ISO_8859_1));
        }
        return new ConsumerFiles(texts, List.copyOf(unmatched));
    }

    /**
     * A glob over repository paths, '/' separated: {@code *} stays within a folder, {@code **} crosses folders, and
     * a leading {@code **}/ also matches at the root, as in .gitignore.
     */
    static java.util.function.Predicate<String> matcher(String glob) {
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        PathMatcher atRoot = glob.startsWith("**/") ? FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(3)) : null;
        return path -> m.matches(Path.of(path)) || (atRoot != null && atRoot.matches(Path.of(path)));
    }

    List<String> unmatched() {
        return unmatched;
    }

    /** The references found, per selected file (files without any are listed with none). */
    Map<String, List<ImageReference>> references(ReferenceScanner scanner) {
        Map<String, List<ImageReference>> out = new LinkedHashMap<>();
        texts.forEach((file, text) -> out.put(file, scanner.scan(text)));
        return out;
    }

    /** Writes the edited files into the clone; returns each changed file with its number of changed references. */
    Map<String, Integer> apply(ConsumerClone clone, List<UpdateRules.Edit> edits) {
        Map<String, List<UpdateRules.Edit>> byFile = new LinkedHashMap<>();
        edits.forEach(e -> byFile.computeIfAbsent(e.file(), f -> new ArrayList<>()).add(e));
        Map<String, Integer> counts = new LinkedHashMap<>();
        byFile.forEach((file, fileEdits) -> {
            clone.write(file, UpdateRules.apply(texts.get(file), fileEdits).getBytes(StandardCharsets.ISO_8859_1));
            counts.put(file, fileEdits.size());
        });
        return counts;
    }

    /** A git URL as given (https://, ssh://, file://, or scp-like host:path), a local path resolved against the project. */
    static String remoteUrl(Project project, String repo) {
        if (repo.contains("://")) {
            return repo;
        }
        int colon = repo.indexOf(':');
        int slash = repo.indexOf('/');
        if (colon > 0 && (slash < 0 || colon < slash)) {
            return repo;
        }
        return project.resolve(repo).toString();
    }
}
