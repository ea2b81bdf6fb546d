package io.ppctl.version;

import io.ppctl.core.InputFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ppctl bump auto}: infers the bump level from what changed since the last release, by the project's
 * rules. A changed or removed tool version ({@code *_VERSION} ARG) or a removed/renamed policy repo is major;
 * a new policy repo or a new tool is minor; anything else is patch.
 */
public final class BumpAdvisor {
    private static final Pattern TOOL_ARG = Pattern.compile("(?m)^\\s*ARG\\s+([A-Z0-9_]+_VERSION)\\s*=\\s*\"?([^\"\\s]*)\"?\\s*$");

    /** One file (or folder) behind the decision. */
    public record Reason(BumpLevel level, String path, String why) {}

    /** {@code level} is empty when nothing changed since {@code base}. */
    public record Decision(Optional<BumpLevel> level, String base, List<Reason> reasons) {}

    private final Git git;
    private final Path projectDir;
    private final String dockerfile;
    private final String policiesDir;

    public BumpAdvisor(Git git, Path projectDir, String dockerfile, String policiesDir) {
        this.git = git;
        this.projectDir = projectDir;
        this.dockerfile = dockerfile;
        this.policiesDir = policiesDir;
    }

    /** The newest version tag reachable from HEAD: where the last release was cut. */
    public Optional<String> lastReleaseTag() {
        if (!git.run("rev-parse", "--verify", "-q", "HEAD").ok()) {
            return Optional.empty();
        }
        return git.run("tag", "--merged", "HEAD").lines().stream()
                .filter(t -> Version.parse(t).isPresent())
                .max(Comparator.comparing(Version::of));
    }

    public Decision decide() {
        Optional<String> base = lastReleaseTag();
        List<Reason> reasons = new ArrayList<>();
        List<String> changed = changedFiles(base);
        reasons.addAll(toolReasons(base));
        reasons.addAll(policyRepoReasons(base));

        String policiesPrefix = policiesDir + "/";
        for (String file : changed) {
            if (file.equals(dockerfile)) {
                if (reasons.stream().noneMatch(r -> r.path().equals(dockerfile))) {
                    reasons.add(new Reason(BumpLevel.PATCH, file, "Dockerfile changed, tool versions unchanged"));
                }
            } else if (file.startsWith(policiesPrefix)) {
                String repo = repoOf(file);
                boolean repoCovered = reasons.stream().anyMatch(r -> r.path().equals(policiesPrefix + repo + "/"));
                if (!repoCovered) {
                    reasons.add(new Reason(BumpLevel.PATCH, file, "policy content changed in " + repo));
                }
            } else {
                reasons.add(new Reason(BumpLevel.PATCH, file, "changed"));
            }
        }
        Optional<BumpLevel> level = reasons.stream().map(Reason::level).reduce(BumpLevel::max);
        reasons.sort(Comparator.comparing(Reason::level).reversed().thenComparing(Reason::path));
        return new Decision(level, base.orElse(null), List.copyOf(reasons));
    }

    private List<Reason> toolReasons(Optional<String> base) {
        Map<String, String> before = base.map(b -> toolVersions(show(b, dockerfile))).orElse(Map.of());
        Map<String, String> now = toolVersions(readCurrent(dockerfile));
        List<Reason> out = new ArrayList<>();
        for (Map.Entry<String, String> e : now.entrySet()) {
            String old = before.get(e.getKey());
            if (old == null) {
                out.add(new Reason(BumpLevel.MINOR, dockerfile, "new tool: " + e.getKey() + "=" + e.getValue()));
            } else if (!old.equals(e.getValue())) {
                out.add(new Reason(BumpLevel.MAJOR, dockerfile, "tool upgrade: " + e.getKey() + " " + old + " -> " + e.getValue()));
            }
        }
        for (String gone : before.keySet()) {
            if (!now.containsKey(gone)) {
                out.add(new Reason(BumpLevel.MAJOR, dockerfile, "tool removed: " + gone));
            }
        }
        return out;
    }

    private List<Reason> policyRepoReasons(Optional<String> base) {
        Set<String> before = base.map(this::reposAt).orElse(Set.of());
        Set<String> now = reposNow();
        List<Reason> out = new ArrayList<>();
        for (String repo : now) {
            if (!before.contains(repo)) {
                out.add(new Reason(BumpLevel.MINOR, policiesDir + "/" + repo + "/", "new policy repo: " + repo));
            }
        }
        for (String repo : before) {
            if (!now.contains(repo)) {
                out.add(new Reason(BumpLevel.MAJOR, policiesDir + "/" + repo + "/", "policy repo removed or renamed: " + repo));
            }
        }
        return out;
    }

    /** Extracts NAME_VERSION=value from ARG lines. */
    public static Map<String, String> toolVersions(String dockerfileText) {
        Map<String, String> out = new LinkedHashMap<>();
        if (dockerfileText == null) {
            return out;
        }
        Matcher m = TOOL_ARG.matcher(dockerfileText);
        while (m.find()) {
            out.putIfAbsent(m.group(1), m.group(2));
        }
        return out;
    }

    /** Files changed between the base tag and the working tree (committed, staged, unstaged and untracked). */
    private List<String> changedFiles(Optional<String> base) {
        Set<String> files = new TreeSet<>();
        if (base.isPresent()) {
            for (String line : git.run("diff", "--name-only", "--relative", "--no-renames", base.get(), "--", ".").lines()) {
                files.add(line);
            }
        } else {
            files.addAll(git.run("ls-files", "--", ".").lines());
        }
        files.addAll(git.run("ls-files", "--others", "--exclude-standard", "--", ".").lines());
        return new ArrayList<>(files);
    }

    private Set<String> reposAt(String base) {
        Set<String> out = new TreeSet<>();
        String prefix = git.run("rev-parse", "--show-prefix").stdout().trim();
        for (String line : git.run("ls-tree", "-d", "--name-only", base + ":" + prefix + policiesDir).lines()) {
            out.add(line);
        }
        return out;
    }

    private Set<String> reposNow() {
        Path dir = projectDir.resolve(policiesDir);
        Set<String> out = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).forEach(out::add);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    private String show(String base, String file) {
        Git.Result r = git.run("show", base + ":./" + file);
        return r.ok() ? r.stdout() : null;
    }

    private String readCurrent(String file) {
        try {
            return InputFiles.readText(projectDir.resolve(file), InputFiles.TEXT_LIMIT);
        } catch (IOException e) {
            return null;
        }
    }

    private String repoOf(String file) {
        String rest = file.substring(policiesDir.length() + 1);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }
}
