package io.ppctl.startup;

import io.ppctl.Ppctl;
import io.ppctl.rules.ReleaseStep;
import io.ppctl.version.Git;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run behind ppctl's class data sharing archive (target/ppctl.jsa, made at `mvn package` with
 * -XX:ArchiveClassesAtExit): it runs the common commands in-process, the way users run them, so that the JVM records
 * the classes they load; the ./ppctl launcher then maps those classes from the archive instead of loading, parsing and
 * verifying them from the jar on every start. It needs no Docker daemon: the commands that talk to Docker
 * talk to {@link TrainingDaemon}, an HTTP server on 127.0.0.1 that answers like a daemon would.
 * Nothing it does can fail the build: the archive only makes start-up faster, and the launcher works without it.
 * It is test code, kept out of the jar; {@link TrainingLauncher} starts it at `mvn package`.
 */
public final class TrainingRun {
    private TrainingRun() {}

    public static void main(String[] args) {
        // -Dppctl.training.verbose=true shows what each command printed, for when the training needs a look.
        boolean verbose = Boolean.getBoolean("ppctl.training.verbose");
        try {
            List<Result> results = train(verbose ? System.err : new PrintStream(OutputStream.nullOutputStream()));
            if (verbose) {
                results.forEach(r -> System.err.println("== ppctl " + r.command() + ": exit " + r.exitCode() + " (" + r.millis() + " ms)"));
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            System.err.println("ppctl class data sharing training: " + e + " (start-up is slower, nothing else changes)");
        }
    }

    /** A training command (the project folder written DIR), its exit code and how long it took. */
    record Result(String command, int exitCode, long millis) {}

    /**
     * Runs the training commands (their output to {@code sink}). Every exit code is 0 but the one of the command with a
     * wrong option (2); any other means the training no longer runs what it is for (TrainingRunTest).
     */
    static List<Result> train(PrintStream sink) throws IOException {
        List<Result> results = new ArrayList<>();
        Path project = null;
        try (TrainingDaemon daemon = TrainingDaemon.start()) {
            project = createProject();
            Map<String, String> env = new HashMap<>(System.getenv());
            // The training daemon speaks plain HTTP on 127.0.0.1, whatever Docker the machine that builds ppctl uses.
            List.of("DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH").forEach(env::remove);
            env.put("DOCKER_HOST", daemon.host());
            env.put("CI", "true");
            // The scan must reach the training daemon's scanner "container", never a real trivy (it would fetch its database).
            env.put("PATH", withoutTrivy(env.getOrDefault("PATH", "")));
            String dir = project.toString();
            for (List<String> command : commands(dir)) {
                long start = System.nanoTime();
                int code = Ppctl.run(sink, sink, env, command.toArray(String[]::new));
                results.add(new Result(String.join(" ", command).replace(dir, "DIR"), code, (System.nanoTime() - start) / 1_000_000));
            }
        } finally {
            deleteTree(project);
        }
        return results;
    }

    private static List<List<String>> commands(String dir) {
        List<List<String>> out = new ArrayList<>();
        out.add(List.of("--version"));
        out.add(List.of("--help"));
        List<String> subcommands = new ArrayList<>(List.of("release"));
        subcommands.addAll(ReleaseStep.words());
        subcommands.addAll(List.of("rollback", "version", "bump", "policies", "doctor", "clean", "completion"));
        for (String sub : subcommands) {
            out.add(List.of(sub, "--help"));
        }
        out.add(List.of("-C", dir, "version"));
        out.add(List.of("-C", dir, "version", "--output", "json"));
        out.add(List.of("-C", dir, "smoke-test", "--image", TrainingDaemon.IMAGE));
        out.add(List.of("-C", dir, "smoke-test", "--image", TrainingDaemon.IMAGE, "--output", "json"));
        out.add(List.of("-C", dir, "integration-test", "--image", TrainingDaemon.IMAGE));
        out.add(List.of("-C", dir, "build"));
        out.add(List.of("-C", dir, "tag"));
        out.add(List.of("-C", dir, "scan"));
        out.add(List.of("-C", dir, "release", "--no-push"));
        out.add(List.of("-C", dir, "doctor"));
        out.add(List.of("-C", dir, "policies", "list"));
        out.add(List.of("-C", dir, "smoke-test", "--no-such-option"));
        return out;
    }

    /** A small policy-platform project whose config uses every kind of check. */
    private static Path createProject() throws IOException {
        Path dir = Files.createTempDirectory("ppctl-training");
        Files.writeString(dir.resolve("VERSION"), "v1.0.0\n");
        Files.writeString(dir.resolve("Dockerfile"), """
                FROM busybox
                ARG KYVERNO_VERSION=1.15.2
                COPY policies/ /repos/
                ARG VERSION=dev
                LABEL org.opencontainers.image.version="${VERSION}"
                """);
        Files.writeString(dir.resolve(".dockerignore"), "target\n*.md\n");
        Files.createDirectories(dir.resolve("policies/security-policy"));
        Files.writeString(dir.resolve("policies/security-policy/disallow-latest-tag.yaml"), "kind: ClusterPolicy\n");
        Files.writeString(dir.resolve("ppctl.yaml"), """
                image:
                  name: policy-platform
                smokeTests:
                  commands:
                    - name: kyverno installed
                      command: ["kyverno", "version"]
                      expectedOutput: ['^Version: v?1\\.15\\.\\d+']
                  files:
                    - path: /repos/
                      type: directory
                  metadata:
                    user: "1000"
                    labels:
                      org.opencontainers.image.version: '^v?\\d+\\.\\d+\\.\\d+'
                integrationTests:
                  - name: defaults-pass
                    chart: /repos/backend-applications/charts/app
                    policies: /repos/security-policy
                    expect: pass
                    deprecations:
                      kubernetes: v1.30.0
                scan:
                  cacheDir: ./target/trivy-cache
                """);
        Files.writeString(dir.resolve(".gitignore"), "target/\n");
        // A committed tree, as releases need; without git the commands take their "not a repository" paths instead.
        git(dir, "init", "-q");
        git(dir, "add", "-A");
        git(dir, "-c", "user.name=ppctl training", "-c", "user.email=training@localhost", "commit", "-q", "-m", "training");
        try {
            TrainingDaemon.revision = new Git(dir).run("rev-parse", "HEAD").stdout().trim();
        } catch (RuntimeException noGit) {
            TrainingDaemon.revision = "";
        }
        return dir;
    }

    private static void git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            // no git here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String withoutTrivy(String path) {
        return String.join(java.io.File.pathSeparator, Stream.of(path.split(java.io.File.pathSeparator))
                .filter(d -> !d.isBlank() && !Files.exists(Path.of(d, "trivy"))).toList());
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
