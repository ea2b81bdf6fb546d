package io.ppctl.faults;

import io.ppctl.docker.Labels;
import io.ppctl.testing.Cli;
import io.ppctl.testing.Engine;
import io.ppctl.testing.StandinImage;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C (SIGINT to the real ppctl process, sent once the command is busy in a step that sleeps) during build, smoke-test,
 * integration-test and scan (scanner image and trivy executable): exit 130, and nothing left behind: no container of
 * that process (io.ppctl.pid), no build step container, no process it started, nothing in the TMPDIR (and
 * java.io.tmpdir) it was given, no report file written in part or at all, no image tagged, no build recorded.
 */
class InterruptIT {
    private static final List<String> FIGURES = new ArrayList<>();
    private static Path scannerDir;
    private static String scannerImage;
    private TestProject project;
    private Path tmp;
    private Path out;

    @BeforeAll
    static void images() throws IOException {
        assertThat(Files.readString(Path.of("/proc/self/status"))).as("SIGINT must not be ignored by this test JVM (and so by "
                + "the ppctl it starts): run Maven in the foreground").doesNotContainPattern("SigIgn:\\s*[0-9a-f]*[2367abef]\\n");
        StandinImage.ref();
        scannerDir = TestDocker.tempDir("ppctl-interrupt-trivy");
        Path script = scannerDir.resolve("trivy");
        try (var in = InterruptIT.class.getResourceAsStream("/fixtures/trivy/stand-in/trivy")) {
            Files.write(script, in.readAllBytes());
        }
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(scannerDir.resolve("Dockerfile"), "FROM " + TestDocker.baseImage() + "\nCOPY trivy /usr/local/bin/trivy\n"
                + "ENV TRIVY_STAND_IN_MODE=hang\nENTRYPOINT [\"trivy\"]\n");
        scannerImage = TestDocker.prefix() + "-interrupt-trivy:hang";
        TestDocker.build(scannerDir, scannerImage);
    }

    @AfterAll
    static void cleanup() {
        TestProject.deleteTree(scannerDir);
        TestDocker.cleanup();
        FIGURES.forEach(f -> System.out.println("InterruptIT: " + f));
    }

    @BeforeEach
    void project() throws IOException {
        tmp = TestDocker.tempDir("ppctl-interrupt-tmp");
        out = Files.createTempFile("ppctl-interrupt", ".txt");
        project = TestProject.git().write("VERSION", "v1.0.0\n").write(".gitignore", "target/\n")
                .write("Dockerfile", "FROM " + TestDocker.baseImage() + "\nRUN echo started && sleep 60\n")
                .write("ppctl.yaml", "image: {name: " + TestDocker.prefix() + "-interrupt}\n"
                        + "smokeTests:\n  commands:\n    - {name: long, command: [sh, -c, \"sleep 60\"], timeout: 5m}\n"
                        + "integrationTests:\n  - name: slow-render\n    chart: /repos/backend-applications/charts/app\n"
                        + "    policies: /repos/security-policy\n    set: {standin.sleep: \"60\"}\n"
                        + "scan:\n  image: " + scannerImage + "\n  cacheDir: " + tmp.resolveSibling(tmp.getFileName() + "-cache") + "\n")
                .commit("steps that take a minute");
    }

    @AfterEach
    void remove() throws IOException {
        project.close();
        TestProject.deleteTree(tmp);
        TestProject.deleteTree(tmp.resolveSibling(tmp.getFileName() + "-cache"));
        Files.deleteIfExists(out);
    }

    @ParameterizedTest(name = "Ctrl-C during {0}")
    @ValueSource(strings = {"build", "smoke-test", "integration-test", "scan with the scanner image", "scan with a trivy executable"})
    void ctrlCIsExit130AndLeavesNothingBehind(String what) throws Exception {
        String command = what.split(" ")[0];
        Path reports = project.path("reports");
        List<String> args = new ArrayList<>(List.of(command, "-v"));
        switch (command) {
            case "smoke-test", "integration-test" -> args.addAll(List.of("--image", StandinImage.ref(), "--junit", reports + "/junit.xml"));
            case "scan" -> args.addAll(List.of("--image", StandinImage.ref(), "--report", reports + "/scan.json",
                    "--sarif", reports + "/scan.sarif", "--junit", reports + "/scan.xml"));
            default -> { }
        }
        if (what.endsWith("trivy executable")) {
            project.write("ppctl.yaml", project.read("ppctl.yaml") + "  trivy: " + scannerDir.resolve("trivy") + "\n");
        }
        ProcessBuilder pb = Cli.processBuilder(project.dir(), Map.of("TMPDIR", tmp.toString(), "CI", "1",
                "TRIVY_STAND_IN_MODE", "hang", "PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), args.toArray(String[]::new));
        pb.command().set(1, "-Djava.io.tmpdir=" + tmp);
        Process ppctl = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        String pid = Long.toString(ppctl.pid());
        try {
            awaitOrFail(ppctl, switch (what) {
                // the step's own output line, not its "Step 2/3 : RUN echo started ..." line, which comes before its container
                case "build" -> () -> read().lines().anyMatch(l -> l.strip().equals("started"));
                case "scan with a trivy executable" -> () -> processesWith("TMPDIR=" + tmp).stream().anyMatch(p -> p != ppctl.pid());
                case "scan with the scanner image" -> () -> runs(pid, "sleep 600");
                default -> () -> runs(pid, "sleep 60");
            });
            assertThat(sigIgn(ppctl.pid()) & 2).as("SIGINT reaches ppctl").isZero();

            long sent = System.nanoTime();
            new ProcessBuilder("kill", "-INT", pid).start().waitFor();
            assertThat(ppctl.waitFor(30, TimeUnit.SECONDS)).as("ppctl still runs 30 s after Ctrl-C:\n" + read()).isTrue();
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);

            assertThat(ppctl.exitValue()).as(read()).isEqualTo(130);
            assertThat(read()).contains("ppctl: interrupted; removed what this run had started").doesNotContain("Exception", "\tat ");
            assertThat(TestDocker.containersWithLabel(Labels.PID, pid)).as("containers of ppctl " + pid).isEmpty();
            assertThat(list(tmp)).as("left in TMPDIR / java.io.tmpdir").isEmpty();
            assertThat(processesWith("TMPDIR=" + tmp)).as("processes ppctl started").isEmpty();
            assertThat(reports).as("no report written, whole or in part").doesNotExist();
            if (command.equals("build") && Engine.current().podman()) {
                // Podman's build containers are buildah's, not containers of its Docker API: it names none, and
                // finishes the running step after the client has gone, then removes that container itself. ppctl says so.
                assertThat(read()).contains("warning: Podman runs Step 2/3: RUN echo started && sleep 60 in a container of its "
                        + "builder (buildah), not of its Docker API: ppctl cannot stop or remove it; Podman lets that step finish, then removes it");
                assertThat(TestDocker.imageExists(TestDocker.prefix() + "-interrupt:v1.0.0")).as("image tagged").isFalse();
                assertThat(project.path("target/ppctl/last-build.json")).doesNotExist();
            } else if (command.equals("build")) {
                assertThat(read()).doesNotContain("cannot stop or remove it");
                Matcher m = Pattern.compile("running in container ([0-9a-f]{12,64})").matcher(read());
                assertThat(m.find()).as("the build step's container is named in -v output:\n" + read()).isTrue();
                assertThat(TestDocker.tryDocker("container", "inspect", m.group(1)).exitCode()).as("build container " + m.group(1))
                        .isNotZero();
                assertThat(TestDocker.imageExists(TestDocker.prefix() + "-interrupt:v1.0.0")).as("image tagged").isFalse();
                assertThat(project.path("target/ppctl/last-build.json")).doesNotExist();
            }
            FIGURES.add(what + ": exit 130 " + took + " ms after SIGINT, nothing left");
        } finally {
            ppctl.destroyForcibly();
        }
    }

    /**
     * Row 8 of issue 15: SIGHUP, and a second or third Ctrl-C that do not wait for the unwinding, still rewrite the
     * release report (status interrupted, the step that ran) and leave no container or temporary folder.
     */
    @ParameterizedTest(name = "release stopped by {0}")
    @ValueSource(strings = {"HUP", "INT INT", "INT INT INT", "TERM"})
    void everyStopRewritesTheReleaseReportAndLeavesNothing(String signals) throws Exception {
        Path report = project.path("target/ppctl/release-report.json");
        Files.createDirectories(report.getParent());
        Files.writeString(report, "{\"status\": \"released\", \"version\": \"v1.0.17\"}\n");
        ProcessBuilder pb = Cli.processBuilder(project.dir(), Map.of("TMPDIR", tmp.toString(), "CI", "1",
                "PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), "release", "--no-push", "-v");
        pb.command().set(1, "-Djava.io.tmpdir=" + tmp);
        Process ppctl = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        String pid = Long.toString(ppctl.pid());
        try {
            awaitOrFail(ppctl, () -> read().contains("started"));
            for (String signal : signals.split(" ")) {
                new ProcessBuilder("kill", "-" + signal, pid).start().waitFor();
                Thread.sleep(30);
            }
            assertStoppedWithReport(ppctl, signals, report, "build");
        } finally {
            ppctl.destroyForcibly();
        }
    }

    /**
     * Row 8 of issue 15, before the pipeline and in its last gate: a stop while the release waits for the lock or
     * runs its preflight checks (here held up by a registry that never answers) used to leave the previous run's
     * report; a stop during scan must leave neither the scanner's container nor its temporary folder.
     */
    @ParameterizedTest(name = "release stopped by {1} during {0}")
    @CsvSource({"lock wait, INT", "lock wait, INT INT", "preflight, HUP", "preflight, INT INT", "scan, INT", "scan, INT INT"})
    void aStopBeforeThePipelineOrDuringScanRewritesTheReport(String stage, String signals) throws Exception {
        Path report = project.path("target/ppctl/release-report.json");
        Files.createDirectories(report.getParent());
        Files.writeString(report, "{\"status\": \"released\", \"version\": \"v0.9.0\"}\n");
        List<String> args = new ArrayList<>(List.of("release", "-v"));
        FileChannel lock = null;
        ServerSocket silent = null;
        BooleanSupplier busy;
        String[] pid = new String[1];
        switch (stage) {
            case "lock wait" -> {
                // The lock another release would hold: taken by this JVM, which is another process to ppctl.
                lock = FileChannel.open(project.path("target/ppctl/release.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                lock.lock();
                args.addAll(List.of("--no-push", "--wait-lock", "5m"));
                busy = () -> read().contains("waiting up to");
            }
            case "preflight" -> {
                // Never accepted: the kernel completes the connection and ppctl waits for an answer (30 s) in preflight.
                silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                project.write("ppctl.yaml", project.read("ppctl.yaml") + "registries:\n  - {name: silent, repository: \"127.0.0.1:"
                        + silent.getLocalPort() + "/" + TestDocker.prefix() + "/interrupt\"}\n").commit("a registry that never answers");
                busy = () -> read().contains("preflight daemon:");
            }
            default -> {
                // The stand-in platform passes the default smoke checks (tool versions), so the release reaches scan.
                project.write("Dockerfile", "FROM " + StandinImage.ref() + "\n")
                        .write("ppctl.yaml", "image: {name: " + TestDocker.prefix() + "-interrupt}\nscan:\n  image: " + scannerImage
                                + "\n  cacheDir: " + tmp.resolveSibling(tmp.getFileName() + "-cache") + "\n")
                        .commit("only the scan takes long");
                args.add("--no-push");
                busy = () -> runs(pid[0], "sleep 600");
            }
        }
        ProcessBuilder pb = Cli.processBuilder(project.dir(), Map.of("TMPDIR", tmp.toString(), "CI", "1",
                "TRIVY_STAND_IN_MODE", "hang", "PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), args.toArray(String[]::new));
        pb.command().set(1, "-Djava.io.tmpdir=" + tmp);
        Process ppctl = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        pid[0] = Long.toString(ppctl.pid());
        try {
            awaitOrFail(ppctl, busy);
            for (String signal : signals.split(" ")) {
                new ProcessBuilder("kill", "-" + signal, pid[0]).start().waitFor();
                Thread.sleep(30);
            }
            assertStoppedWithReport(ppctl, signals, report, stage.equals("scan") ? "scan" : "preflight");
        } finally {
            ppctl.destroyForcibly();
            if (lock != null) {
                lock.close();
            }
            if (silent != null) {
                silent.close();
            }
        }
    }

    /** Exit 130, the report rewritten as interrupted at {@code step}, and nothing of the run left behind. */
    private void assertStoppedWithReport(Process ppctl, String signals, Path report, String step) throws Exception {
        String pid = Long.toString(ppctl.pid());
        assertThat(ppctl.waitFor(30, TimeUnit.SECONDS)).as("ppctl still runs 30 s after " + signals + ":\n" + read()).isTrue();
        assertThat(ppctl.exitValue()).as(read()).isEqualTo(130);
        com.fasterxml.jackson.databind.JsonNode r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
        assertThat(r.get("status").asText()).as(r.toString() + "\n" + read()).isEqualTo("interrupted");
        assertThat(r.get("failure").get("step").asText()).as(r.toString()).isEqualTo(step);
        assertThat(r.get("failure").get("exitCode").asInt()).isEqualTo(130);
        assertThat(r.get("version").asText()).isEqualTo("v1.0.0");
        assertThat(TestDocker.containersWithLabel(Labels.PID, pid)).as("containers of ppctl " + pid).isEmpty();
        assertThat(list(tmp)).as("left in TMPDIR / java.io.tmpdir").isEmpty();
        try (var files = Files.list(report.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("half-written files")
                    .noneMatch(n -> n.startsWith(".") && n.contains("release-report"));
        }
    }

    /** Whether a container of ppctl {@code pid} runs {@code command} (the CMD column of docker top ends with it). */
    private static boolean runs(String pid, String command) {
        return TestDocker.containersWithLabel(Labels.PID, pid).stream().anyMatch(id -> TestDocker.tryDocker("top", id).output()
                .lines().anyMatch(l -> l.stripTrailing().endsWith(" " + command)));
    }

    private void awaitOrFail(Process ppctl, BooleanSupplier busy) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!busy.getAsBoolean()) {
            assertThat(ppctl.isAlive()).as("ppctl ended before it got busy:\n" + read()).isTrue();
            assertThat(System.nanoTime()).as("ppctl did not get busy within 60 s:\n" + read()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private String read() {
        try {
            return Files.readString(out);
        } catch (IOException e) {
            return "";
        }
    }

    /** Processes (other than this JVM) whose environment holds {@code entry}: what ppctl started with its TMPDIR. */
    private static List<Long> processesWith(String entry) {
        byte[] needle = (entry + "\0").getBytes(StandardCharsets.UTF_8);
        return ProcessHandle.allProcesses().map(ProcessHandle::pid).filter(p -> p != ProcessHandle.current().pid()).filter(p -> {
            try {
                byte[] env = Files.readAllBytes(Path.of("/proc", Long.toString(p), "environ"));
                return indexOf(env, needle) >= 0;
            } catch (IOException gone) {
                return false;
            }
        }).toList();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The mask of ignored signals of a process (bit 1 << (n - 1) for signal n). */
    private static long sigIgn(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream().filter(l -> l.startsWith("SigIgn:"))
                .map(l -> Long.parseLong(l.substring(7).trim(), 16)).findFirst().orElse(0L);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
