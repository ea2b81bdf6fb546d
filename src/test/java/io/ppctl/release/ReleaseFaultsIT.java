package io.ppctl.release;

import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.Fixtures;
import io.ppctl.testing.RegistryContent;
import io.ppctl.testing.StandinImage;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import io.ppctl.testing.TestRegistry;
import io.ppctl.testing.TrivyDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ppctl release as real processes: two releases of one project at once (the second refuses at once, or with
 * --wait-lock waits without interleaving), and a full release whose registry password must appear nowhere: not in
 * any output, report or file it wrote, not in the image or the registry, and not in the command line (or, beyond
 * ppctl itself, the environment) of any process while it runs.
 */
class ReleaseFaultsIT {
    private static final List<String> FIGURES = new ArrayList<>();
    private static TestRegistry registry;
    private static Path trivy;
    private TestProject project;
    private Path work;
    private String repo;

    @BeforeAll
    static void start() throws IOException {
        registry = TestRegistry.start("secret-" + UUID.randomUUID());
        trivy = TestDocker.tempDir("ppctl-release-faults-trivy");
        Files.writeString(trivy.resolve("trivy"), Fixtures.text("trivy/stand-in/trivy"));
        Files.setPosixFilePermissions(trivy.resolve("trivy"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(trivy.resolve("reports"));
        try (InputStream in = ReleaseFaultsIT.class.getResourceAsStream("/fixtures/trivy/alpine-39-skip.json")) {
            Files.copy(in, trivy.resolve("reports/alpine-39-skip.json"));
        }
        StandinImage.ref();
    }

    @AfterAll
    static void stop() {
        registry.close();
        TestProject.deleteTree(trivy);
        TestDocker.cleanup();
        FIGURES.forEach(f -> System.out.println("ReleaseFaultsIT: " + f));
    }

    @BeforeEach
    void workDir() {
        work = TestDocker.tempDir("ppctl-release-faults");
        TrivyDb.create().writeTo(work.resolve("cache"));
    }

    @AfterEach
    void remove() {
        if (project != null) {
            project.close();
        }
        TestProject.deleteTree(work);
    }

    /** The stand-in policy platform, released to the test registry; {@code runStep} is a Dockerfile step of its own. */
    private void project(String runStep) {
        repo = TestDocker.prefix() + "/faults-" + UUID.randomUUID().toString().substring(0, 6);
        project = TestProject.git()
                .write("VERSION", "v1.0.0\n")
                .write(".gitignore", "target/\n")
                .write("Dockerfile", "FROM " + StandinImage.ref() + "\nLABEL trivy-stand-in.report=alpine-39-skip\n" + runStep)
                .write("ppctl.yaml", String.join("\n",
                        "image: {name: " + repo.replace('/', '-') + "}",
                        "registries:",
                        "  - {name: one, repository: " + registry.host() + "/" + repo + "}",
                        "integrationTests:",
                        StandinImage.integrationCases(false),
                        "scan: {trivy: " + trivy.resolve("trivy") + ", skipDbUpdate: true, cacheDir: " + work.resolve("cache") + "}",
                        "push: {initialBackoff: 100ms, maxBackoff: 500ms}",
                        ""))
                .commit("policy platform v1.0.0");
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PPCTL_ONE_USERNAME", TestRegistry.USER);
        env.put("PPCTL_ONE_PASSWORD", registry.password());
        env.put("DOCKER_CONFIG", work.resolve("docker-config").toString());
        env.put("TMPDIR", work.resolve("tmp").toString());
        env.put("CI", "1");
        return env;
    }

    private Process release(Path output, String... args) throws IOException {
        Files.createDirectories(work.resolve("docker-config"));
        Files.createDirectories(work.resolve("tmp"));
        List<String> all = new ArrayList<>(List.of("release"));
        all.addAll(List.of(args));
        return Cli.processBuilder(project.dir(), env(), all.toArray(String[]::new)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
    }

    @Test
    void aSecondReleaseOfTheProjectRefusesAtOnceAndAThirdWithWaitLockQueuesWithoutInterleaving() throws Exception {
        // The first release holds the lock while this build step runs.
        project("RUN echo " + UUID.randomUUID() + " && sleep 4\n");
        Path outA = work.resolve("a.txt");
        Path outC = work.resolve("c.txt");
        Process a = release(outA, "--no-push", "--report", work.resolve("a.json").toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!read(outA).contains("Step 3/")) {
                assertThat(a.isAlive()).as("the first release ended early:\n" + read(outA)).isTrue();
                assertThat(System.nanoTime()).as("the first release did not reach its build step").isLessThan(deadline);
                Thread.sleep(50);
            }

            Process c = release(outC, "--no-push", "--wait-lock", "2m", "--report", work.resolve("c.json").toString());
            long start = System.nanoTime();
            CliResult b = Cli.runJar(project.dir(), env(), 30, "release", "--no-push", "--report", work.resolve("b.json").toString());
            long refusedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(b.exitCode()).as(b.toString()).isEqualTo(3);
            assertThat(b.stderrLines()).singleElement().asString()
                    .startsWith("ppctl: another ppctl release is running in this project (pid " + a.pid() + ", since ")
                    .endsWith("(wait for it to finish, or pass --wait-lock DURATION to queue behind it)");
            assertThat(work.resolve("b.json")).as("the refused release wrote no report").doesNotExist();
            FIGURES.add("second release refused with exit 3 in " + refusedAfter + " ms (JVM start included)");

            assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String whileAran = read(outC);
            assertThat(a.exitValue()).as(read(outA)).isZero();
            assertThat(whileAran).as("the queued release only waited while the first one ran")
                    .contains("another ppctl release is running in this project (pid " + a.pid())
                    .doesNotContain("preflight", "==> build");
            assertThat(c.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(c.exitValue()).as(read(outC)).isZero();
            assertThat(read(outC)).contains("ok preflight", "ok build", "ok scan");
            assertThat(work.resolve("a.json")).exists();
            assertThat(work.resolve("c.json")).exists();
        } finally {
            a.destroyForcibly();
        }
    }

    /** The process list is sampled all along the release; the samples taken while the daemon pushes are counted. */
    @Test
    void aFullReleaseShowsThePasswordNowhere() throws Exception {
        String secret = registry.password();
        project("");
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        Files.createDirectories(work.resolve("docker-config"));
        Files.createDirectories(work.resolve("tmp"));
        Process p = Cli.processBuilder(project.dir(), env(), "release", "-v", "--git-tag", "--junit-dir", "target/results",
                        "--sarif", "target/results/scan.sarif", "--report", "target/results/release.json")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        Set<String> leaks = new TreeSet<>();
        int samples = 0;
        int whilePushing = 0;
        while (p.isAlive()) {
            String progress = read(err);
            leaks.addAll(processesShowing(secret, p.pid()));
            samples++;
            whilePushing += progress.contains("==> push") && !progress.contains("ok push") ? 1 : 0;
            Thread.sleep(5);
        }
        assertThat(p.exitValue()).as(read(out) + read(err)).isZero();
        assertThat(registry.digest(repo, "v1.0.0")).isPresent();
        FIGURES.add("full release: process list sampled " + samples + " times, " + whilePushing + " while pushing; no leak");
        assertThat(whilePushing).as("samples of the process list taken while the daemon pushed").isGreaterThanOrEqualTo(3);
        assertThat(leaks).as("processes showing the password (command line, or environment beyond ppctl's own)").isEmpty();

        assertThat(read(out)).contains(registry.host() + "/" + repo + ":v1.0.0@").doesNotContain(secret);
        assertThat(read(err)).contains("pushing").doesNotContain(secret);
        assertThat(project.path("target/results/release.json")).content().contains("\"released\"").doesNotContain(secret);
        List<String> searched = new ArrayList<>();
        for (Path dir : List.of(project.dir(), work, registry.storage())) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    searched.add(f.toString());
                    assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(secret);
                }
            }
        }
        String released = registry.host() + "/" + repo + ":v1.0.0";
        assertThat(TestDocker.docker("image", "inspect", released)).doesNotContain(secret);
        assertThat(TestDocker.docker("history", "--no-trunc", released)).doesNotContain(secret);
        FIGURES.add("full release: searched stdout, stderr, " + searched.size() + " files (project, TMPDIR, docker config, registry "
                + "storage), the image's config and history");
        // crane, a second client: every tag of the release, one digest (the one ppctl printed), the commit's labels.
        RegistryContent.Release seen = RegistryContent.release(registry, repo,
                List.of("v1.0.0", "sha-" + project.head().substring(0, 7), "latest"));
        assertThat(read(out)).contains(released + "@" + seen.digest());
        assertThat(seen.labels()).containsEntry("org.opencontainers.image.version", "v1.0.0")
                .containsEntry("org.opencontainers.image.revision", project.head());
    }

    /**
     * Processes whose command line holds {@code secret}, or whose environment does, other than the ppctl process
     * itself (which was given it in PPCTL_ONE_PASSWORD): what it starts (git, Trivy, helpers) must not inherit it.
     * Not counted: the JDK's spawn helper and a child not yet past its exec (its command line still ppctl's): both
     * are ppctl's own process image for an instant, and show ppctl's own environment.
     */
    private static List<String> processesShowing(String secret, long ppctl) {
        List<String> found = new ArrayList<>();
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        String ppctlCommand = ProcessHandle.of(ppctl).flatMap(h -> h.info().commandLine()).orElse("");
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
                long pid = Long.parseLong(proc.getFileName().toString());
                try {
                    byte[] cmdline = Files.readAllBytes(proc.resolve("cmdline"));
                    if (contains(cmdline, needle)) {
                        found.add("command line of " + pid + ": " + new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' '));
                    }
                    String command = new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ').trim();
                    boolean ppctlItself = pid == ppctl || command.equals(ppctlCommand) || command.contains("/jspawnhelper");
                    if (!ppctlItself && pid != ProcessHandle.current().pid()
                            && contains(Files.readAllBytes(proc.resolve("environ")), needle)) {
                        found.add("environment of " + pid + ": " + new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' '));
                    }
                } catch (IOException gone) {
                    // ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return found;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
