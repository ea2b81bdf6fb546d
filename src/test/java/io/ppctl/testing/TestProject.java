package io.ppctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A throw-away project folder (optionally a git repository) for a test. Close it to delete it. */
public final class TestProject implements AutoCloseable {
    private final Path dir;

    private TestProject(Path dir) {
        this.dir = dir;
    }

    public static TestProject create() {
        try {
            return new TestProject(Files.createTempDirectory("ppctl-project"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A git repository with a committer identity, so commits work on a bare CI machine. */
    public static TestProject git() {
        TestProject p = create();
        p.git("init", "-q", "-b", "main");
        p.git("config", "user.email", "test@ppctl.invalid");
        p.git("config", "user.name", "ppctl test");
        p.git("config", "commit.gpgsign", "false");
        p.git("config", "tag.gpgsign", "false");
        return p;
    }

    public Path dir() {
        return dir;
    }

    public Path path(String relative) {
        return dir.resolve(relative);
    }

    public TestProject write(String relative, String content) {
        try {
            Path p = dir.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String read(String relative) {
        try {
            return Files.readString(dir.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestProject delete(String relative) {
        deleteTree(dir.resolve(relative));
        return this;
    }

    /** Runs git in the project and returns its stdout; fails the test when git fails. */
    public String git(String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("git " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Stages everything and commits. */
    public TestProject commit(String message) {
        git("add", "-A");
        git("commit", "-q", "--allow-empty", "-m", message);
        return this;
    }

    public String head() {
        return git("rev-parse", "HEAD").trim();
    }

    /** Every file below the project, relative, sorted: to prove that a failing command wrote nothing. */
    public List<String> snapshot() {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !dir.relativize(p).startsWith(".git"))
                    .map(p -> dir.relativize(p) + ":" + size(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        deleteTree(dir);
    }

    private static long size(Path p) {
        try {
            return Files.size(p) ^ Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }

    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
