package io.ppctl.consumers;

import io.ppctl.core.Cleanup;
import io.ppctl.core.ExitCode;
import io.ppctl.core.InputFiles;
import io.ppctl.core.PpctlException;
import io.ppctl.policies.FolderSwap;
import io.ppctl.policies.GitUrls;
import io.ppctl.version.Git;
import io.ppctl.core.Quote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A temporary clone of one consumer repository, deleted on close (and on Ctrl-C). It runs the git executable with
 * the user's own setup (SSH agent, credential helpers, insteadOf rules, identity), as policy repos do; the URL
 * reaches git through its environment, never its command line. Only one branch is ever pushed, and only by
 * {@link #push}: nothing else here writes to the remote.
 */
final class ConsumerClone implements AutoCloseable {
    /** The base branch (before one is chosen: the remote's default, from HEAD) and which asked-for branches exist. */
    record Remote(String base, Map<String, String> heads) {
        boolean has(String branch) {
            return heads.containsKey(branch);
        }
    }

    private final String name;
    private final String url;
    private final Path dir;
    private final Path work;
    private final Git git;
    private final Cleanup.Handle cleanup;

    private ConsumerClone(String name, String url, Path dir) {
        this.name = name;
        this.url = url;
        this.dir = dir;
        this.work = dir.resolve("work");
        this.cleanup = Cleanup.global().register("the temporary clone of consumer " + name, () -> FolderSwap.deleteTree(dir));
        this.git = new Git(work, 600).withOrigin(url);
    }

    static ConsumerClone create(String name, String url) {
        Path dir;
        try {
            dir = Files.createTempDirectory("ppctl-consumer-");
        } catch (IOException e) {
            throw PpctlException.environment("cannot create a temporary folder for consumer " + name + ": " + e.getMessage(), null, e);
        }
        ConsumerClone c = new ConsumerClone(name, url, dir);
        Git.Result init = new Git(dir).run("init", "-q", c.work.toString());
        if (!init.ok()) {
            c.close();
            throw PpctlException.environment("cannot create a git repository for consumer " + name + ": " + init.firstErrorLine(), null, null);
        }
        return c;
    }

    Path work() {
        return work;
    }

    /** Asks the remote for its default branch and for {@code branches}; an unreachable or refusing remote is exit 3. */
    private Remote remote(List<String> branches) {
        String[] args = new String[4 + branches.size()];
        args[0] = "ls-remote";
        args[1] = "--symref";
        args[2] = "origin";
        args[3] = "HEAD";
        for (int i = 0; i < branches.size(); i++) {
            args[4 + i] = "refs/heads/" + branches.get(i);
        }
        Git.Result r = git.run(args);
        if (!r.ok()) {
            throw failure(ExitCode.ENVIRONMENT, "cannot clone " + shown() + ": " + redacted(r.firstErrorLine()));
        }
        String defaultBranch = null;
        Map<String, String> heads = new java.util.HashMap<>();
        for (String line : r.lines()) {
            if (line.startsWith("ref: refs/heads/") && line.endsWith("\tHEAD")) {
                defaultBranch = line.substring("ref: refs/heads/".length(), line.length() - "\tHEAD".length());
                continue;
            }
            String[] parts = line.split("\t", 2);
            if (parts.length == 2 && parts[1].startsWith("refs/heads/")) {
                heads.put(parts[1].substring("refs/heads/".length()), parts[0]);
            }
        }
        String headCommit = r.lines().stream().filter(l -> l.endsWith("\tHEAD") && !l.startsWith("ref: ")).findFirst()
                .map(l -> l.substring(0, l.indexOf('\t'))).orElse(null);
        if (defaultBranch != null && headCommit != null) {
            heads.putIfAbsent(defaultBranch, headCommit);
        }
        return new Remote(defaultBranch, Map.copyOf(heads));
    }

    /**
     * Checks out the base branch ({@code configuredBase}, else the remote's default) as the local {@code branch};
     * returns the base and what the remote has, including whether {@code branch} exists there already.
     */
    Remote open(String configuredBase, String branch) {
        Remote remote = remote(configuredBase == null ? List.of(branch) : List.of(configuredBase, branch));
        String base = configuredBase != null ? configuredBase : remote.base();
        if (base == null) {
            throw PpctlException.usage(shown() + " has no default branch (an empty repository?); set its 'branch:'");
        }
        if (!remote.has(base)) {
            throw PpctlException.usage(shown() + " has no branch " + base);
        }
        checkout(base, branch);
        return new Remote(base, remote.heads());
    }

    /** Fetches the base branch and checks out {@code branch} on it, for the files to be read and changed. */
    private void checkout(String base, String branch) {
        // Only the base's last commit: the update needs its files, not its history, and consumer repos can be large.
        Git.Result f = git.run("fetch", "--quiet", "--no-tags", "--depth=1", "origin",
                "+refs/heads/" + base + ":refs/remotes/origin/" + base);
        if (!f.ok()) {
            throw failure(ExitCode.ENVIRONMENT, "cannot clone " + shown() + " (branch " + base + "): " + redacted(f.firstErrorLine()));
        }
        Git.Result c = git.run("checkout", "--quiet", "-B", branch, "refs/remotes/origin/" + base);
        if (!c.ok()) {
            throw failure(ExitCode.ENVIRONMENT, "cannot check out " + base + " of " + shown() + ": " + c.firstErrorLine());
        }
    }

    /** The tracked regular files (no symlinks: a link could lead out of the clone), relative to the root. */
    List<String> files() {
        Git.Result r = git.run("ls-files", "-z");
        if (!r.ok()) {
            throw failure(ExitCode.ENVIRONMENT, "cannot list the files of " + shown() + ": " + r.firstErrorLine());
        }
        return Arrays.stream(r.stdout().split("\0")).filter(p -> !p.isEmpty())
                .filter(p -> Files.isRegularFile(work.resolve(p), LinkOption.NOFOLLOW_LINKS)).toList();
    }

    /**
     * A selected file may be anything someone committed (a generated bundle, a binary a glob caught); the largest
     * YAML bundles in practice are a few MiB.
     */
    static final long FILE_LIMIT = 16L << 20;

    byte[] read(String file) {
        try {
            return InputFiles.readBytes(work.resolve(file), FILE_LIMIT);
        } catch (InputFiles.Refused e) {
            throw PpctlException.usage("consumer " + name + ": " + Quote.ifNeeded(file) + " " + e.getMessage()
                    + "; narrow its files: globs so that they do not select it");
        } catch (IOException e) {
            throw failure(ExitCode.ENVIRONMENT, "cannot read " + file + " of " + shown() + ": " + e.getMessage());
        }
    }

    void write(String file, byte[] content) {
        try {
            Files.write(work.resolve(file), content);
        } catch (IOException e) {
            throw failure(ExitCode.ENVIRONMENT, "cannot write " + file + " in the clone of " + shown() + ": " + e.getMessage());
        }
    }

    /** The changes against the base, as git shows them (for --dry-run). */
    String diff() {
        return git.run("-c", "core.quotepath=off", "diff", "--no-color", "--no-ext-diff").stdout();
    }

    /** Commits {@code files} with {@code message}; the user's identity, else ppctl's. */
    void commit(List<String> files, String message) {
        Path messageFile = dir.resolve("COMMIT_MESSAGE");
        try {
            Files.writeString(messageFile, message);
        } catch (IOException e) {
            throw failure(ExitCode.ENVIRONMENT, "cannot write the commit message for " + shown() + ": " + e.getMessage());
        }
        String[] add = new String[files.size() + 2];
        add[0] = "add";
        add[1] = "--";
        for (int i = 0; i < files.size(); i++) {
            add[i + 2] = files.get(i);
        }
        Git.Result a = git.run(add);
        if (!a.ok()) {
            throw failure(ExitCode.ENVIRONMENT, "cannot stage the changes in " + shown() + ": " + a.firstErrorLine());
        }
        boolean hasIdentity = git.run("config", "user.email").ok() && git.run("config", "user.name").ok();
        Git committer = hasIdentity ? git : git.withEnv(Map.of("GIT_AUTHOR_NAME", "ppctl", "GIT_AUTHOR_EMAIL", "ppctl@localhost",
                "GIT_COMMITTER_NAME", "ppctl", "GIT_COMMITTER_EMAIL", "ppctl@localhost"));
        Git.Result c = committer.run("commit", "--quiet", "--no-verify", "-F", messageFile.toString());
        if (!c.ok()) {
            throw failure(ExitCode.ENVIRONMENT, "cannot commit in the clone of " + shown() + ": " + c.firstErrorLine());
        }
    }

    /** Pushes HEAD as {@code branch}, and nothing else; {@code force} replaces a branch that exists. */
    void push(String branch, boolean force) {
        Git.Result p = git.run("push", "--quiet", "--no-verify", "origin", (force ? "+" : "") + "HEAD:refs/heads/" + branch);
        if (!p.ok()) {
            throw failure(ExitCode.ENVIRONMENT, "cannot push " + branch + " to " + shown() + ": " + pushError(p));
        }
    }

    /** The commit HEAD is at. */
    Optional<String> head() {
        Git.Result r = git.run("rev-parse", "--verify", "-q", "HEAD");
        return r.ok() ? Optional.of(r.stdout().trim()) : Optional.empty();
    }

    /** A hook's refusal arrives as "remote: ..." lines before git's own "! [remote rejected]": show the reason. */
    private String pushError(Git.Result p) {
        List<String> lines = p.stderr().lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        String rejected = lines.stream().filter(l -> l.contains("[remote rejected]") || l.contains("[rejected]")).findFirst()
                .orElse(p.firstErrorLine());
        String remote = lines.stream().filter(l -> l.startsWith("remote:") && l.length() > "remote:".length())
                .map(l -> l.substring("remote:".length()).trim()).filter(l -> !l.isEmpty()).findFirst().orElse(null);
        return redacted(rejected + (remote == null ? "" : " (remote: " + remote + ")"));
    }

    private PpctlException failure(ExitCode code, String message) {
        return new PpctlException(code, message, null, null);
    }

    String shown() {
        return name + " (" + GitUrls.redact(url) + ")";
    }

    private String redacted(String line) {
        return GitUrls.redactText(line, url);
    }

    @Override
    public void close() {
        cleanup.close();
    }
}
