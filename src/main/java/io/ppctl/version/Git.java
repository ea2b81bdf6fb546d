package io.ppctl.version;

import io.ppctl.core.ChildEnvironment;
import io.ppctl.core.PpctlException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the git executable. ppctl uses git itself rather than a Java implementation so that the user's own
 * setup (SSH agent, credential helpers, insteadOf rules) applies unchanged to private policy repos.
 */
public final class Git {
    /** What one git call gave back. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        public List<String> lines() {
            return stdout.lines().filter(l -> !l.isEmpty()).toList();
        }

        /** The first line of stderr, for one-line error messages. */
        public String firstErrorLine() {
            return stderr.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse("exit code " + exitCode);
        }
    }

    private final Path dir;
    private final long timeoutSeconds;
    private final Map<String, String> env;

    public Git(Path dir) {
        this(dir, 120);
    }

    public Git(Path dir, long timeoutSeconds) {
        this(dir, timeoutSeconds, Map.of());
    }

    private Git(Path dir, long timeoutSeconds, Map<String, String> env) {
        this.dir = dir;
        this.timeoutSeconds = timeoutSeconds;
        this.env = env;
    }

    /**
     * The same runner with extra environment variables for every call, e.g. GIT_CONFIG_COUNT/KEY/VALUE to hand
     * git a remote URL without putting it on the command line (where the process list would show it).
     */
    public Git withEnv(Map<String, String> extra) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putAll(extra);
        return new Git(dir, timeoutSeconds, Map.copyOf(all));
    }

    /**
     * The same runner with {@code url} as the remote named origin, handed to git through its environment
     * (GIT_CONFIG_COUNT/KEY/VALUE, appended to any the user set) and never through the command line, so that a
     * token in the URL cannot show in the process list, nor be written to a .git/config.
     */
    public Git withOrigin(String url) {
        int n = userConfigCount();
        return withEnv(Map.of("GIT_CONFIG_COUNT", Integer.toString(n + 1),
                "GIT_CONFIG_KEY_" + n, "remote.origin.url", "GIT_CONFIG_VALUE_" + n, url));
    }

    public Path dir() {
        return dir;
    }

    /** Runs {@code git -C dir args...}; never throws for a non-zero exit, only when git cannot run at all. */
    public Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.add("-C");
        command.add(dir.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        ChildEnvironment.withoutPpctl(pb.environment());
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("LC_ALL", "C");
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw PpctlException.environment("git is not installed or not on PATH", "install git (apt-get install git)", e);
        }
        try {
            p.getOutputStream().close();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw PpctlException.environment("git " + args[0] + " did not finish within " + timeoutSeconds + " s", null, null);
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw PpctlException.interrupted();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int userConfigCount() {
        try {
            String n = System.getenv("GIT_CONFIG_COUNT");
            return n == null ? 0 : Math.max(0, Integer.parseInt(n.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                in.transferTo(buf);
                return buf.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
