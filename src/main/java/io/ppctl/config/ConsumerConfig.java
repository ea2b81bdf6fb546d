package io.ppctl.config;

import io.ppctl.core.Text;

import java.nio.file.FileSystems;
import java.util.List;

/**
 * One entry of {@code consumers:}: a git repository whose CI configs, Helm values, manifests or Dockerfiles
 * reference the released image, and that {@code ppctl consumers update} points at a new release.
 *
 * @param repo   a git URL (https://, ssh://, git@host:path, file://) or a local path (relative to the project)
 * @param files  globs of the files to update, relative to the repository root ({@code **} crosses folders)
 * @param branch the base branch; null means the remote's default branch
 */
public record ConsumerConfig(String name, String repo, List<String> files, String branch) {

    static ConsumerConfig read(ConfigReader r) {
        String name = r.string("name", null);
        String repo = r.string("repo", null);
        List<String> files = r.stringList("files", List.of(), true);
        String branch = r.string("branch", null);
        if (name == null) {
            r.problem(null, "missing 'name' (how the consumer is named in output, e.g. ci-pipelines)");
        } else if (!PolicyRepoConfig.validName(name)) {
            r.problem("name", "'" + name + "' is not a valid consumer name (letters, digits, '.', '_', '-')");
        }
        if (repo == null || repo.isBlank()) {
            r.problem(null, "missing 'repo' (a git URL such as https://github.com/acme/ci.git, or a local path)");
        }
        if (files.isEmpty()) {
            r.problem(r.has("files") ? "files" : null, "missing 'files' (globs of the files to update, e.g. "
                    + "'.github/workflows/*.yml')");
        }
        for (int i = 0; i < files.size(); i++) {
            int index = i;
            globProblem(files.get(i)).ifPresent(p -> r.problem("files", "[" + index + "] " + p));
        }
        if (branch != null && !validBranch(branch)) {
            r.problem("branch", "'" + branch + "' is not a valid branch name");
        }
        return new ConsumerConfig(name, repo, files, branch == null || branch.isBlank() ? null : branch);
    }

    /** Why {@code glob} cannot select files inside a repository, or empty. */
    static java.util.Optional<String> globProblem(String glob) {
        if (glob.isBlank()) {
            return java.util.Optional.of("a files glob cannot be empty");
        }
        if (glob.startsWith("/") || glob.contains("..")) {
            return java.util.Optional.of("'" + glob + "' must be relative to the repository root, without '..'");
        }
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + glob);
            return java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.of("'" + glob + "' is not a valid glob: " + Text.firstLine(e.getMessage()));
        }
    }

    /** git's ref-name rules, the part a config can get wrong. */
    static boolean validBranch(String b) {
        return !b.isBlank() && !b.startsWith("-") && !b.startsWith("/") && !b.endsWith("/") && !b.endsWith(".lock")
                && !b.contains("..") && !b.contains("@{") && !b.contains("//") && !b.matches(".*[\\s~^:?*\\[\\\\\\x00-\\x1f\\x7f].*");
    }
}
