package io.ppctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Docker for tests, through the docker CLI so that test fixtures never depend on the code under test.
 * Everything a test run creates carries the label {@code io.ppctl.test.run=<RUN_ID>} (images built FROM
 * {@link #baseImage()} inherit it) or a name containing {@link #prefix()}, and {@link #cleanup()} removes all
 * of it; a shutdown hook calls it too, so a failing or aborted run leaves nothing behind.
 */
public final class TestDocker {
    public static final String RUN_LABEL = "io.ppctl.test.run";
    public static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);
    private static volatile String baseImage;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDocker::cleanup, "ppctl-test-cleanup"));
    }

    private TestDocker() {}

    /** Names of images and repositories tests create start with this, so cleanup finds them. */
    public static String prefix() {
        return "ppctl-it-" + RUN_ID;
    }

    /** A busybox image built from the host's static busybox (nothing can be pulled here). */
    public static synchronized String baseImage() {
        if (baseImage == null) {
            Path dir = tempDir("ppctl-base");
            try {
                Files.copy(Path.of("/bin/busybox"), dir.resolve("busybox"));
                Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nCOPY busybox /bin/busybox\n"
                        + "RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\n");
                String tag = prefix() + "-base:latest";
                build(dir, tag);
                baseImage = tag;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                TestProject.deleteTree(dir);
            }
        }
        return baseImage;
    }

    /** docker build (classic builder) with the run label; returns the image ID. */
    public static String build(Path context, String tag) {
        docker("build", "-q", "--label", RUN_LABEL + "=" + RUN_ID, "-t", tag, context.toString());
        return docker("image", "inspect", "--format", "{{.Id}}", tag).trim();
    }

    /** Runs the docker CLI; fails the test with docker's output when it fails. */
    public static String docker(String... args) {
        Result r = tryDocker(args);
        if (r.exitCode != 0) {
            throw new AssertionError("docker " + String.join(" ", args) + " failed (" + r.exitCode + "): " + r.output);
        }
        return r.output;
    }

    public record Result(int exitCode, String output) {}

    public static Result tryDocker(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("docker");
        cmd.addAll(List.of(args));
        return exec(cmd, null, Map.of("DOCKER_BUILDKIT", "0"));
    }

    /** Runs a command (in {@code dir} when not null, with {@code env} added), stdout and stderr together, within 300 s. */
    public static Result exec(List<String> cmd, Path dir, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " hung");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static boolean imageExists(String ref) {
        return tryDocker("image", "inspect", ref).exitCode() == 0;
    }

    /** Containers (any state) that carry {@code label=value}. */
    public static List<String> containersWithLabel(String label, String value) {
        return docker("ps", "-aq", "--filter", "label=" + label + "=" + value).lines().filter(l -> !l.isBlank()).toList();
    }

    /**
     * Containers that ppctl, run in-process by this test JVM, created and that still exist (ppctl labels them with its
     * pid): a test asserts this is empty. Other ppctl runs on the shared daemon meanwhile are not this test's doing.
     */
    public static List<String> ppctlContainers() {
        return docker("ps", "-aq", "--filter", "label=io.ppctl.managed=true", "--filter",
                "label=io.ppctl.pid=" + ProcessHandle.current().pid()).lines().filter(l -> !l.isBlank()).toList();
    }

    /** Local tags (repo:tag) of every image, for "nothing was tagged" assertions. */
    public static List<String> allTags() {
        return docker("images", "--format", "{{.Repository}}:{{.Tag}}").lines().filter(l -> !l.isBlank()).sorted().toList();
    }

    /**
     * The local tags of this test run (names containing {@link #prefix()}): for "nothing was tagged" assertions that other
     * test runs tagging their own images on the shared daemon meanwhile must not disturb.
     */
    public static List<String> runTags() {
        return allTags().stream().filter(t -> t.contains(prefix())).toList();
    }

    /** Removes every container and image this test run created. Safe to call repeatedly. */
    public static synchronized void cleanup() {
        try {
            List<String> containers = new ArrayList<>(containersWithLabel(RUN_LABEL, RUN_ID));
            for (String line : docker("ps", "-a", "--format", "{{.ID}} {{.Image}} {{.Names}}").lines().toList()) {
                if (line.contains(prefix())) {
                    containers.add(line.split(" ")[0]);
                }
            }
            for (String c : containers) {
                tryDocker("rm", "-f", "-v", c);
            }
            List<String> images = new ArrayList<>();
            for (String line : docker("images", "--format", "{{.ID}} {{.Repository}}:{{.Tag}}").lines().toList()) {
                if (line.contains(prefix())) {
                    images.add(line.split(" ", 2)[1]);
                }
            }
            images.addAll(docker("images", "-q", "--filter", "label=" + RUN_LABEL + "=" + RUN_ID).lines().toList());
            for (String i : images) {
                if (!i.isBlank()) {
                    tryDocker("rmi", "-f", i);
                }
            }
            tryDocker("image", "prune", "-f", "--filter", "label=" + RUN_LABEL + "=" + RUN_ID);
            baseImage = null;
        } catch (RuntimeException | AssertionError e) {
            // The daemon may be gone at JVM exit; nothing more to do then.
        }
    }

    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
