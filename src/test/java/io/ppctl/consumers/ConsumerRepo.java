package io.ppctl.consumers;

import io.ppctl.testing.TestProject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** A consumer repository for tests: a real bare repository reached by a file:// URL, and a clone to commit from. */
public final class ConsumerRepo implements AutoCloseable {
    private final TestProject work;
    private final Path bareParent;
    private final Path bare;

    private ConsumerRepo(TestProject work, Path bareParent) {
        this.work = work;
        this.bareParent = bareParent;
        this.bare = bareParent.resolve("consumer.git");
    }

    public static ConsumerRepo create() {
        try {
            ConsumerRepo r = new ConsumerRepo(TestProject.git(), Files.createTempDirectory("ppctl-it-consumer-repo"));
            r.work.git("init", "--bare", "-q", "-b", "main", r.bare.toString());
            r.work.git("remote", "add", "origin", r.bare.toString());
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "file://" + bare.toAbsolutePath();
    }

    public ConsumerRepo write(String path, String content) {
        work.write(path, content);
        return this;
    }

    /** Commits everything and pushes it to main. */
    public ConsumerRepo commit(String subject) {
        work.commit(subject);
        work.git("push", "-q", "origin", "HEAD:main");
        return this;
    }

    /** A pre-receive hook that refuses every push, as a protected server does. */
    public ConsumerRepo refusePushes(String why) {
        try {
            Path hook = bare.resolve("hooks").resolve("pre-receive");
            Files.writeString(hook, "#!/bin/sh\necho '" + why + "' >&2\nexit 1\n");
            Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs git on the bare repository. */
    public String git(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--git-dir=" + bare;
        System.arraycopy(args, 0, all, 1, args.length);
        return work.git(all);
    }

    /** Every ref and the commit it points at: for "the remote is as it was" checks. */
    public List<String> refs() {
        return git("for-each-ref", "--format=%(refname) %(objectname)").lines().toList();
    }

    public String show(String branch, String file) {
        return git("show", branch + ":" + file);
    }

    @Override
    public void close() {
        work.close();
        TestProject.deleteTree(bareParent);
    }
}
