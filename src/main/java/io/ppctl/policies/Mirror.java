package io.ppctl.policies;

import io.ppctl.core.PpctlException;
import io.ppctl.version.Git;
import io.ppctl.version.Version;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One bare mirror in the {@link RepoCache}. Runs the git executable, so the user's SSH agent, credential helpers
 * and insteadOf rules apply as they do for any git command. The remote URL reaches git through its environment
 * (GIT_CONFIG_*), never through the command line, so a token in a URL cannot show in the process list.
 */
final class Mirror {
    /** How a ref resolved. */
    enum Kind { TAG, BRANCH, COMMIT }

    record Resolved(String commit, Kind kind) {}

    /** A tree read from a commit, plus the paths it holds that ppctl cannot take (submodules). */
    record Tree(PolicyTree tree, List<String> submodules) {}

    private final String url;
    private final Path dir;
    private final Git git;
    private boolean fetched;

    Mirror(String url, Path dir) {
        this.url = url;
        this.dir = dir;
        this.git = new Git(dir, 600).withEnv(Map.of("GIT_DIR", dir.toString())).withOrigin(url);
    }

    Path dir() {
        return dir;
    }

    String displayUrl() {
        return GitUrls.redact(url);
    }

    /** Whether this run fetched the remote already. */
    boolean fetched() {
        return fetched;
    }

    boolean hasCommit(String commit) {
        return commit.matches("[0-9a-f]{40}|[0-9a-f]{64}") && git.run("cat-file", "-e", commit + "^{commit}").ok();
    }

    /** Fetches every branch and tag (once per run); an unreachable remote or refused access is exit 3. */
    void fetch() {
        if (fetched) {
            return;
        }
        withLock(() -> {
            Git.Result r = git.run("fetch", "--quiet", "--prune", "--force", "origin",
                    "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*");
            if (!r.ok()) {
                throw PpctlException.environment("cannot fetch " + displayUrl() + ": " + GitUrls.redactText(r.firstErrorLine(), url),
                        "check the URL and your git access: SSH agent, credential helper", null);
            }
        });
        fetched = true;
    }

    /** Fetches one commit that no branch or tag points to any more; quietly does nothing when the remote refuses. */
    void fetchCommit(String commit) {
        if (commit.matches("[0-9a-f]{40}|[0-9a-f]{64}")) {
            withLock(() -> git.run("fetch", "--quiet", "origin", commit));
        }
    }

    /** A tag, else a branch, else a commit id (full or abbreviated) of what the mirror holds. */
    Optional<Resolved> resolve(String ref) {
        if (ref.startsWith("refs/tags/") || ref.startsWith("refs/heads/")) {
            return commitOf(ref).map(c -> new Resolved(c, ref.startsWith("refs/tags/") ? Kind.TAG : Kind.BRANCH));
        }
        Optional<String> tag = commitOf("refs/tags/" + ref);
        if (tag.isPresent()) {
            return Optional.of(new Resolved(tag.get(), Kind.TAG));
        }
        Optional<String> branch = commitOf("refs/heads/" + ref);
        if (branch.isPresent()) {
            return Optional.of(new Resolved(branch.get(), Kind.BRANCH));
        }
        if (ref.matches("[0-9a-f]{4,64}")) {
            if (ref.length() >= 40 && !hasCommit(ref)) {
                fetchCommit(ref);
            }
            return commitOf(ref).map(c -> new Resolved(c, Kind.COMMIT));
        }
        return Optional.empty();
    }

    private Optional<String> commitOf(String rev) {
        Git.Result r = git.run("rev-parse", "--verify", "-q", rev + "^{commit}");
        return r.ok() ? Optional.of(r.stdout().trim()) : Optional.empty();
    }

    /** Keeps a pinned commit reachable, so that no upstream force-push plus gc can take it out of the cache. */
    void keep(String commit) {
        git.run("update-ref", "refs/ppctl/keep/" + commit, commit);
    }

    /**
     * The files under {@code path} at {@code commit}, read straight from git's objects (no checkout, so no
     * attributes, filters or line-ending rules of the user's git setup can change them), written below
     * {@code writeTo} when it is not null. Empty when {@code path} is not a folder of that commit.
     */
    Optional<Tree> readTree(String commit, String path, Path writeTo) {
        String treeish = path.isEmpty() ? commit + "^{tree}" : commit + ":" + path;
        Git.Result ls = git.run("ls-tree", "-r", "-z", treeish);
        if (!ls.ok()) {
            // git's words for a missing path and for a file where a folder was expected; anything else is damage
            if (ls.stderr().contains("Not a valid object name") || ls.stderr().contains("not a tree object")) {
                return Optional.empty();
            }
            throw damaged(ls.firstErrorLine());
        }
        List<String[]> blobs = new ArrayList<>();
        List<String> submodules = new ArrayList<>();
        for (String record : ls.stdout().split("\0")) {
            if (record.isEmpty()) {
                continue;
            }
            int tab = record.indexOf('\t');
            String[] meta = record.substring(0, tab).split(" ");
            String file = record.substring(tab + 1);
            if (meta[1].equals("blob")) {
                blobs.add(new String[] {normalMode(meta[0]), meta[2], file});
            } else {
                submodules.add(file);
            }
        }
        List<PolicyTree.File> files = new ArrayList<>();
        BlobReader.read(dir, blobs.stream().map(b -> b[1]).toList(), (index, content) -> {
            String[] b = blobs.get(index);
            files.add(new PolicyTree.File(b[2], b[0], PolicyTree.contentHash(content)));
            if (writeTo != null) {
                write(writeTo, b[2], b[0], content);
            }
        });
        return Optional.of(new Tree(PolicyTree.of(files), submodules));
    }

    /** Subjects of the commits in {@code to} that are not in {@code from}, newest first. */
    List<String> subjects(String from, String to) {
        Git.Result r = git.run("log", "--format=%s", from + ".." + to, "--");
        return r.ok() ? r.lines() : List.of();
    }

    /** Version tags newer than {@code ref} (when ref is itself a version), oldest first: what --to could move to. */
    List<String> newerTags(String ref) {
        Optional<Version> current = Version.parse(ref);
        if (current.isEmpty()) {
            return List.of();
        }
        return git.run("for-each-ref", "--format=%(refname:short)", "refs/tags").lines().stream()
                .filter(t -> Version.parse(t).map(v -> v.compareTo(current.get()) > 0).orElse(false))
                .sorted((a, b) -> Version.of(a).compareTo(Version.of(b)))
                .toList();
    }

    private void write(Path root, String relative, String mode, byte[] content) {
        try {
            Path target = root.resolve(relative).normalize();
            if (!target.startsWith(root) || throughLink(root, target)) {
                throw PpctlException.usage("refusing to write " + relative + " of " + displayUrl() + ": it leads out of the repo folder");
            }
            Files.createDirectories(target.getParent());
            if (mode.equals(PolicyTree.MODE_SYMLINK)) {
                Files.createSymbolicLink(target, Path.of(new String(content, StandardCharsets.UTF_8)));
            } else {
                Files.write(target, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                if (mode.equals(PolicyTree.MODE_EXECUTABLE)) {
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        } catch (IOException e) {
            throw PpctlException.usage("cannot write " + root.resolve(relative) + ": " + e.getMessage());
        }
    }

    /** A crafted tree (a symlink "a" beside a folder "a") must not make ppctl write through the link. */
    private static boolean throughLink(Path root, Path target) {
        for (Path p = target.getParent(); p != null && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                return true;
            }
        }
        return false;
    }

    private static String normalMode(String mode) {
        return switch (mode) {
            case PolicyTree.MODE_EXECUTABLE, PolicyTree.MODE_SYMLINK -> mode;
            default -> PolicyTree.MODE_FILE;
        };
    }

    private void withLock(Runnable action) {
        try (FileChannel ch = FileChannel.open(dir.resolve("ppctl.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            action.run();
        } catch (IOException e) {
            throw PpctlException.environment("cannot lock the policy repo cache " + dir + ": " + e.getMessage(), null, e);
        }
    }

    PpctlException damaged(String detail) {
        return PpctlException.environment("the policy repo cache " + dir + " is damaged: " + GitUrls.redactText(detail, url),
                "delete that folder; the next sync fetches it again", null);
    }
}
