package io.ppctl.version;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What git says about the project: the commit a release is built from, whether the tree is dirty, where it
 * came from, and which versions were already released (every version tag, on any branch: a hotfix of an old
 * line must still see the newer release that keeps latest).
 */
public record GitFacts(boolean repository, String commit, boolean dirty, List<String> dirtyFiles, String remoteUrl,
                       List<Version> releasedVersions) {

    public static final String NO_COMMIT = "0000000";

    public static GitFacts read(Git git) {
        return read(git, null);
    }

    /**
     * @param ownState ppctl's own state folder relative to the project folder (target/ppctl), or null: never a change
     *                 of the tree, with or without a .gitignore (ppctl writes it on every run)
     */
    public static GitFacts read(Git git, String ownState) {
        Git.Result inside = git.run("rev-parse", "--is-inside-work-tree");
        if (!inside.ok() || !inside.stdout().trim().equals("true")) {
            return new GitFacts(false, null, false, List.of(), null, List.of());
        }
        // Independent questions, asked at once: every command that reads the facts waits for them (start-up).
        CompletableFuture<Git.Result> status = CompletableFuture.supplyAsync(
                () -> ownState == null
                        ? git.run("status", "--porcelain", "--untracked-files=normal", "--", ".")
                        : git.run("status", "--porcelain", "--untracked-files=normal", "--", ".", ":(exclude)" + ownState));
        CompletableFuture<Git.Result> remote = CompletableFuture.supplyAsync(() -> git.run("remote", "get-url", "origin"));
        CompletableFuture<Git.Result> tags = CompletableFuture.supplyAsync(() -> git.run("tag", "--list"));
        Git.Result head = git.run("rev-parse", "--verify", "-q", "HEAD");
        String commit = head.ok() ? head.stdout().trim() : null;
        List<String> dirty = join(status).lines();
        String remoteUrl = join(remote).ok() ? redactCredentials(join(remote).stdout().trim()) : null;
        List<Version> released = commit == null ? List.of()
                : join(tags).lines().stream()
                        .map(Version::parse).flatMap(Optional::stream)
                        .sorted(Comparator.reverseOrder()).toList();
        return new GitFacts(true, commit, !dirty.isEmpty(), dirty, remoteUrl, released);
    }

    private static Git.Result join(CompletableFuture<Git.Result> call) {
        try {
            return call.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The 7-character commit used in sha- tags, or 0000000 outside git / before the first commit. */
    public String shortCommit() {
        return commit == null ? NO_COMMIT : commit.substring(0, 7);
    }

    public Optional<Version> newestReleased() {
        return releasedVersions.stream().max(Comparator.naturalOrder());
    }

    /** Remote URLs may embed a token (https://user:token@host/...); it must never reach a label or a log. */
    static String redactCredentials(String url) {
        return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]+@", "$1");
    }
}
