package io.ppctl.policies;

import io.ppctl.testing.TestProject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A policy repo "upstream" for tests: a real bare git repository reached by a file:// URL, and a clone to commit from. */
final class UpstreamRepo implements AutoCloseable {
    private final TestProject work;
    private final Path bareParent;
    private final Path bare;

    private UpstreamRepo(TestProject work, Path bareParent) {
        this.work = work;
        this.bareParent = bareParent;
        this.bare = bareParent.resolve("policies.git");
    }

    static UpstreamRepo create() {
        try {
            UpstreamRepo r = new UpstreamRepo(TestProject.git(), Files.createTempDirectory("ppctl-upstream"));
            r.work.git("init", "--bare", "-q", "-b", "main", r.bare.toString());
            r.work.git("remote", "add", "origin", r.bare.toString());
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "file://" + bare.toAbsolutePath();
    }

    Path bare() {
        return bare;
    }

    UpstreamRepo write(String path, String content) {
        work.write(path, content);
        return this;
    }

    UpstreamRepo executable(String path) {
        try {
            Files.setPosixFilePermissions(work.path(path), PosixFilePermissions.fromString("rwxr-xr-x"));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    UpstreamRepo delete(String path) {
        work.git("rm", "-q", "-r", path);
        return this;
    }

    UpstreamRepo move(String from, String to) {
        try {
            Files.createDirectories(work.path(to).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        work.git("mv", from, to);
        return this;
    }

    /** Commits everything and pushes it to main; returns the new commit. */
    String commit(String subject) {
        work.commit(subject);
        work.git("push", "-q", "--tags", "origin", "HEAD:main");
        return work.head();
    }

    UpstreamRepo tag(String name) {
        work.git("tag", name);
        work.git("push", "-q", "origin", "refs/tags/" + name);
        return this;
    }

    /**
     * Pushes a commit whose tree no honest git would make: a symlink "a" to {@code outside} beside a folder "a"
     * holding "x". Returns the commit.
     */
    String craftedSymlinkCommit(Path outside) {
        String link = plumbing(outside.toString(), "hash-object", "-w", "--stdin");
        String file = plumbing("pwned\n", "hash-object", "-w", "--stdin");
        String sub = plumbing("100644 blob " + file + "\tx\n", "mktree");
        String tree = plumbing("120000 blob " + link + "\ta\n040000 tree " + sub + "\ta\n", "mktree");
        String commit = plumbing("", "-c", "user.name=t", "-c", "user.email=t@ppctl.invalid", "commit-tree", tree, "-m", "crafted");
        plumbing("", "update-ref", "refs/heads/main", commit);
        return commit;
    }

    private String plumbing(String stdin, String... args) {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("git", "--git-dir=" + bare));
        cmd.addAll(java.util.List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes());
            }
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() != 0) {
                throw new AssertionError("git " + String.join(" ", args) + " failed");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Makes the remote unreachable (and back), to prove that a command did not need it. */
    void hide(boolean hidden) {
        try {
            Path hiddenPath = bareParent.resolve("hidden.git");
            if (hidden) {
                Files.move(bare, hiddenPath);
            } else {
                Files.move(hiddenPath, bare);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        work.close();
        TestProject.deleteTree(bareParent);
    }
}
