package io.ppctl.faults;

import io.ppctl.testing.EngineIndependent;
import io.ppctl.docker.Labels;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input across every command, one table: each case gives its documented exit code, one clear line on stderr
 * (or, for a config with several problems, the documented listing), no stack trace, and creates nothing: the
 * project folder is byte for byte the same (files and folders), no image tag of this test run or of the project's
 * image appeared, no container of this run exists, and the temporary folder ppctl was given is empty. The real
 * daemon is there (DOCKER_HOST is not faked), so a case that slipped past validation would really build, tag or run.
 */
@EngineIndependent
class BadInputIT {
    private static final List<Case> CASES = cases();
    private static final ConcurrentLinkedQueue<String> RAN = new ConcurrentLinkedQueue<>();
    private static Path scanner;
    private static Path cache;

    /** One bad input: what to break in the project, the command line, and the exit code and message expected. */
    record Case(String command, String what, int exit, String message, Consumer<TestProject> breakIt, List<String> args,
                int configProblems, boolean reportOnStdout, boolean afterProgress) {
        /** The command's result is a report on stdout even when it fails (doctor). */
        Case stdoutReport() {
            return new Case(command, what, exit, message, breakIt, args, configProblems, true, afterProgress);
        }

        /** A config with several problems: the documented listing, one problem per line under the first. */
        Case listing(int problems) {
            return new Case(command, what, exit, message, breakIt, args, problems, reportOnStdout, afterProgress);
        }

        /**
         * Bad input only the running step can see (what the scanner wrote): the step's progress lines come first, as in
         * every run, and the error is still one line, the last.
         */
        Case seenByTheStep() {
            return new Case(command, what, exit, message, breakIt, args, configProblems, reportOnStdout, true);
        }
    }

    private static Case bad(String what, int exit, String message, Consumer<TestProject> breakIt, String... args) {
        String command = Stream.of(args).filter(a -> !a.startsWith("-") && a.matches("[a-z-]+")).findFirst().orElse("ppctl");
        if (command.equals("policies")) {
            command = "policies " + args[List.of(args).indexOf("policies") + 1];
        }
        return new Case(command, what, exit, message, breakIt, List.of(args), 0, false, false);
    }

    private static Consumer<TestProject> nothing() {
        return p -> { };
    }

    private static Consumer<TestProject> config(String yaml) {
        return p -> p.write("ppctl.yaml", yaml);
    }

    /** scan.trivy: one of the scanners staged in {@link #stageScanners()} (the project's config ends with scan:). */
    private static Consumer<TestProject> trivy(String script) {
        return p -> p.write("ppctl.yaml", p.read("ppctl.yaml") + "  trivy: " + scanner.resolve(script) + "\n");
    }

    static List<Case> cases() {
        return List.of(
                bad("unknown command", 2, "unknown command 'nosuch'", nothing(), "nosuch"),
                bad("project folder that does not exist", 2, "/nonexistent/project: project folder does not exist",
                        nothing(), "version", "-C", "/nonexistent/project"),
                bad("--verbose with --quiet", 2, "--verbose and --quiet contradict each other", nothing(), "version", "-v", "-q"),
                bad("config file named with -c missing", 2, "other.yaml: config file not found", nothing(), "version", "-c", "other.yaml"),
                bad("config file that is a folder", 2, "config file is a directory, not a regular file",
                        p -> p.write("conf.d/keep", ""), "version", "-c", "conf.d"),
                bad("broken VERSION", 2, "'1.x' is not a semantic version", p -> p.write("VERSION", "1.x\n"), "version"),
                bad("missing VERSION", 2, "version file not found", p -> p.delete("VERSION"), "bump", "patch"),
                bad("VERSION without a patch number", 2, "'v1.2' is not a semantic version",
                        p -> p.write("VERSION", "v1.2\n"), "build"),
                bad("unknown bump level", 2, "expected one of [major, minor, patch, auto]", nothing(), "bump", "huge"),
                bad("invalid pre-release identifier", 2, "--pre 'r c' is not a valid pre-release identifier", nothing(),
                        "bump", "patch", "--pre", "r c"),
                bad("broken YAML", 2, "ppctl.yaml:3:1: invalid YAML: expected ',' or ']'", config("image:\n  name: [oops\n"), "build"),
                bad("wrong type", 2, "tags: expected a list, found the string 'latest'", config("tags: latest\n"),
                        "tag", "--image", "{base}"),
                bad("unknown key", 2, "imagee: unknown key (did you mean 'image'?)", config("imagee: {}\n"),
                        "smoke-test", "--image", "{base}"),
                bad("several config problems at once", 2, "3 configuration problems:",
                        config("push:\n  attempts: many\nimagee: {}\ntags: 3\n"), "push", "--image", "{base}").listing(3),
                bad("two YAML documents", 2, "holds 2 YAML documents", config("tags: [latest]\n---\ntags: [x]\n"),
                        "scan", "--image", "{base}"),
                bad("invalid regular expression in a smoke check", 2, "smokeTests.commands[0].expectedOutput[0]: invalid regular expression",
                        config("smokeTests:\n  commands:\n    - {name: a, command: [x], expectedOutput: [\"(unclosed\"]}\n"),
                        "smoke-test", "--image", "{base}"),
                bad("backoff longer than its maximum", 2, "push: initialBackoff is longer than maxBackoff",
                        config("push: {initialBackoff: 5s, maxBackoff: 1s}\n"), "rollback", "v1.0.0"),
                bad("invalid tag template", 2, "[0] renders to an invalid tag: 'vv1.2.3!'", config("tags: [\"v{{version}}!\"]\n"),
                        "tag", "--image", "{base}"),
                bad("unknown tag placeholder", 2, "uses the unknown placeholder {{verzion}}", config("tags: [\"{{verzion}}\"]\n"), "build"),
                bad("VERSION that cannot be a Docker tag", 2, "'1.0.0+build.5' is not a valid Docker tag",
                        p -> p.write("VERSION", "1.0.0+build.5\n"), "tag", "--image", "{base}"),
                bad("invalid image name", 2, "image.name: 'Policy-Platform' is not a valid image name",
                        config("image:\n  name: Policy-Platform\n"), "build"),
                bad("missing Dockerfile", 2, "image.dockerfile: no Dockerfile at", p -> p.delete("Dockerfile"), "build"),
                bad("missing build context", 2, "image.context: the build context", p -> p.write("ppctl.yaml",
                        p.read("ppctl.yaml").replace("image:\n", "image:\n  context: nope\n")), "build"),
                bad("build arg without a name", 2, "--build-arg '=x': expected NAME=value", nothing(), "build", "--build-arg", "=x"),
                bad("size that is not a size", 2, "--max-size: 'huge' is not a size", nothing(), "build", "--max-size", "huge"),
                bad("--image that is not an image reference", 2, "--image: 'UPPER' is not a valid repository name", nothing(),
                        "smoke-test", "--image", "UPPER:case"),
                bad("--image with a broken digest", 2, "--image: 'acme/x@sha256:abc' has an invalid digest", nothing(),
                        "scan", "--image", "acme/x@sha256:abc"),
                bad("no build and no --image", 2, "no image to work on: run 'ppctl build' first", nothing(), "smoke-test"),
                bad("missing chart", 2, "integration case 'app': ./charts/missing does not exist in the project",
                        config("integrationTests:\n  - {name: app, chart: ./charts/missing, policies: /repos/security-policy}\n"),
                        "integration-test", "--image", "{base}"),
                bad("--junit that is a folder", 2, "is a folder; name the XML file to write",
                        p -> p.write("reports/keep", ""), "smoke-test", "--image", "{base}", "--junit", "{dir}/reports"),
                bad("unknown registry name", 2, "unknown registry 'nope'; configured: one", nothing(),
                        "push", "--image", "{base}", "--registry", "nope"),
                bad("unknown registry name for a rollback", 2, "unknown registry 'nope'; configured: one", nothing(),
                        "rollback", "v1.0.0", "--registry", "nope"),
                bad("rollback to something that is not a version", 2, "'banana' is not a semantic version", nothing(),
                        "rollback", "banana"),
                bad("push without registries", 2, "no registries configured", config("image: {name: x}\n"), "push", "--image", "{base}"),
                bad("--username without --password-stdin", 2, "--username needs --password-stdin", nothing(),
                        "push", "--image", "{base}", "--username", "ci-bot"),
                bad("missing ignore file", 2, "accepted.txt: ignore file not found", nothing(),
                        "scan", "--image", "{base}", "--ignore-file", "{dir}/accepted.txt"),
                bad("unreadable ignore file (a folder)", 2, ".trivyignore: the ignore file is a directory, not a regular file",
                        p -> p.write(".trivyignore/keep", ""), "scan", "--image", "{base}"),
                bad("ignore file that is not UTF-8", 2, ".trivyignore: the ignore file is not UTF-8 text",
                        p -> write(p.path(".trivyignore"), new byte[] {(byte) 0xff, (byte) 0xfe, '\n'}), "scan", "--image", "{base}"),
                bad("ignore entry with an impossible date", 2, ".trivyignore:1: 'exp:2024-13-01' is not a date",
                        p -> p.write(".trivyignore", "CVE-2019-14697 exp:2024-13-01\n"), "scan", "--image", "{base}"),
                bad("unknown severity", 2, "--fail-on 'SEVERE' is not one of LOW, MEDIUM, HIGH, CRITICAL", nothing(),
                        "scan", "--image", "{base}", "--fail-on", "SEVERE"),
                bad("Trivy report that is a table, not JSON", 3, "the report is not JSON",
                        trivy("trivy"), "scan", "--image", "{base}", "--report", "{dir}/scan.json",
                        "--junit", "{dir}/scan.xml", "--sarif", "{dir}/scan.sarif").seenByTheStep(),
                bad("Trivy report cut off in the middle", 3, "the report is not JSON",
                        trivy("truncating-trivy"), "scan", "--image", "{base}", "--report", "{dir}/scan.json").seenByTheStep(),
                bad("release of an unknown step", 2, "--skip bogus: not a release step", nothing(), "release", "--skip", "bogus"),
                bad("release skipping a gate while publishing", 2, "--skip scan would publish an image that did not pass scan",
                        nothing(), "release", "--skip", "scan"),
                bad("release with a lock wait that is not a duration", 2, "--wait-lock: 'soon' is not a duration", nothing(),
                        "release", "--wait-lock", "soon"),
                bad("release with --pre but no --bump", 2, "--pre goes with --bump", nothing(), "release", "--pre", "rc"),
                bad("release with --junit-dir that is a file", 2, "VERSION is a file; name a folder for the JUnit XML files", nothing(),
                        "release", "--no-push", "--junit-dir", "{dir}/VERSION"),
                bad("release with --report that is a folder", 2, "is a folder; name the JSON file to write",
                        p -> p.write("reports/keep", ""), "release", "--no-push", "--report", "{dir}/reports"),
                bad("release to an unknown registry", 2, "unknown registry 'nope'; configured: one", nothing(),
                        "release", "--registry", "nope"),
                bad("release with a wrong type in the config", 2, "push.attempts: expected a whole number",
                        config("push: {attempts: many}\n"), "release"),
                bad("--bump with --dry-run", 2, "--bump writes VERSION and --dry-run writes nothing", nothing(),
                        "policies", "update", "--bump", "--dry-run"),
                bad("--check with --force", 2, "--check changes nothing; it does not go with --force", nothing(),
                        "policies", "sync", "--check", "--force"),
                bad("corrupt policies.lock", 2, "policies.lock:", p -> p.write("policies.lock", "{\"repos\": [[,\n"),
                        "policies", "list"),
                bad("duration that is not a duration", 2, "--older-than: 'soon' is not a duration", nothing(),
                        "clean", "--older-than", "soon"),
                bad("init where the config exists", 1, "ppctl.yaml exists already; ppctl init does not overwrite it",
                        nothing(), "init"),
                bad("completion with an argument", 2, "Unmatched argument at index 3: 'extra'", nothing(), "completion", "extra"),
                bad("doctor with a broken config", 2, "doctor: 1 check(s) failed: config", config("imagee: {}\n"), "doctor")
                        .stdoutReport());
    }

    static Stream<Arguments> table() {
        return IntStream.range(0, CASES.size()).mapToObj(i -> {
            Case c = CASES.get(i);
            String name = String.format("%02d/%d %s: %s -> exit %d", i + 1, CASES.size(), c.command(), c.what(), c.exit());
            return Arguments.of(name, c);
        });
    }

    @BeforeAll
    static void stageScanners() throws IOException {
        TestDocker.baseImage();
        cache = TestDocker.tempDir("ppctl-bad-input-cache");
        scanner = TestDocker.tempDir("ppctl-bad-input-scanner");
        executable(scanner.resolve("trivy"), new String(BadInputIT.class.getResourceAsStream("/fixtures/trivy/stand-in/trivy")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        // What a scanner killed while writing (or a full disk) leaves: the start of a real report.
        executable(scanner.resolve("truncating-trivy"), String.join("\n", "#!/bin/sh",
                "while [ $# -gt 0 ]; do [ \"$1\" = --output ] && out=$2; shift; done",
                "printf '{\\n  \"SchemaVersion\": 2,\\n  \"ArtifactName\": \"image.tar\",\\n  \"Results\": [\\n    {\"Target\": ' > \"$out\"",
                ""));
    }

    @AfterAll
    static void summary() {
        TestProject.deleteTree(scanner);
        TestProject.deleteTree(cache);
        Map<Integer, Integer> byExit = new TreeMap<>();
        CASES.forEach(c -> byExit.merge(c.exit(), 1, Integer::sum));
        long commands = CASES.stream().map(Case::command).distinct().count();
        System.out.println("BadInputIT: " + RAN.size() + " of " + CASES.size() + " bad inputs across " + commands
                + " commands passed; exit codes " + byExit + "; each one line on stderr (one config listing), no stack trace, "
                + "nothing created");
        TestDocker.cleanup();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void badInputIsItsExitCodeAndOneLineAndCreatesNothing(String name, Case c) throws IOException {
        Path tmp = TestDocker.tempDir("ppctl-bad-input-tmp");
        Path dockerConfig = TestDocker.tempDir("ppctl-bad-input-docker");
        try (TestProject project = project()) {
            c.breakIt().accept(project);
            List<String> before = state(project.dir());
            List<String> tagsBefore = relevantTags();
            List<String> args = new ArrayList<>(List.of("-C", project.dir().toString()));
            for (String a : c.args()) {
                args.add(a.replace("{dir}", project.dir().toString()).replace("{base}", TestDocker.baseImage()));
            }

            CliResult r = Cli.run(env(tmp, dockerConfig), args.toArray(String[]::new));

            assertThat(r.exitCode()).as(name + "\n" + r).isEqualTo(c.exit());
            List<String> lines = r.stderrLines();
            assertThat(r.stderr()).as(name).doesNotContain("Exception").doesNotContain("\tat ");
            if (c.configProblems() > 0) {
                assertThat(lines).as(name + ": the config listing\n" + r).hasSize(1 + c.configProblems());
                assertThat(lines.subList(1, lines.size())).allMatch(l -> l.startsWith("  ") && l.contains("ppctl.yaml:"));
            } else if (c.afterProgress()) {
                assertThat(lines.stream().filter(l -> l.startsWith("ppctl:"))).as(name + ": one error line\n" + r).hasSize(1);
                assertThat(lines.subList(0, lines.size() - 1)).as(name + ": progress before the error")
                        .allMatch(l -> l.startsWith("==> " + c.command()) || l.startsWith("    ") || l.startsWith("FAILED " + c.command()));
                lines = List.of(lines.get(lines.size() - 1));
            } else {
                assertThat(lines).as(name + ": one line on stderr\n" + r).hasSize(1);
            }
            assertThat(lines.get(0)).as(name).startsWith("ppctl: ").contains(c.message());
            if (!c.reportOnStdout()) {
                assertThat(r.stdout()).as(name + ": nothing on stdout").isEmpty();
            }
            assertThat(state(project.dir())).as(name + ": the project is unchanged").isEqualTo(before);
            assertThat(relevantTags()).as(name + ": no image tag created").isEqualTo(tagsBefore);
            assertThat(TestDocker.containersWithLabel(Labels.SESSION, Labels.sessionId())).as(name + ": no container left").isEmpty();
            assertThat(list(tmp)).as(name + ": no temporary file left").isEmpty();
            RAN.add(name);
        } finally {
            TestProject.deleteTree(tmp);
            TestProject.deleteTree(dockerConfig);
        }
    }

    /** A committed project whose image and registry names carry this run's prefix, so anything it created shows. */
    private static TestProject project() {
        String repo = TestDocker.prefix() + "-bad-input";
        return TestProject.git().write("VERSION", "v1.0.0\n")
                .write("Dockerfile", "FROM " + TestDocker.baseImage() + "\nRUN echo built > /built\n")
                .write(".gitignore", "target/\n")
                .write("ppctl.yaml", "image:\n  name: " + repo + "\n"
                        + "registries:\n  - {name: one, repository: \"127.0.0.1:9/" + TestDocker.prefix() + "/bad-input\"}\n"
                        + "push: {attempts: 2, initialBackoff: 10ms, maxBackoff: 20ms}\n"
                        + "scan:\n  cacheDir: " + cache + "\n")
                .commit("a project to break");
    }

    private static Map<String, String> env(Path tmp, Path dockerConfig) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("PPCTL_") || k.startsWith("TRIVY"));
        env.put("TMPDIR", tmp.toString());
        env.put("DOCKER_CONFIG", dockerConfig.toString());
        env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("TRIVY_STAND_IN_MODE", "garbage");
        return env;
    }

    /** Every file (with its size and time) and every folder below the project, .git aside. */
    private static List<String> state(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !dir.relativize(p).startsWith(".git")).map(p -> {
                try {
                    return dir.relativize(p) + (Files.isDirectory(p) ? "/" : ":" + Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
                } catch (IOException e) {
                    return dir.relativize(p) + ":?";
                }
            }).sorted().toList();
        }
    }

    /**
     * Local tags a bad run of this test could have made: this run's prefix, or the default image name. (Other
     * tests on the shared daemon tag their own images meanwhile; those are not this case's doing.)
     */
    private static List<String> relevantTags() {
        return TestDocker.allTags().stream().filter(t -> t.contains(TestDocker.prefix()) || t.startsWith("policy-platform:")).toList();
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void executable(Path file, String script) throws IOException {
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
