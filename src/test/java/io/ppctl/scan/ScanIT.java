package io.ppctl.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.project.BuildRecord;
import io.ppctl.project.Project;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import io.ppctl.testing.TrivyDb;
import io.ppctl.testing.TrivyStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `ppctl scan` end to end on the real daemon: docker save, the scanner (a Trivy STAND-IN image or executable that
 * accepts Trivy's command line and writes Trivy's own golden reports, see fixtures/trivy/stand-in/trivy), the
 * verdict, the reports and the exit code, and that neither the archive nor the scanner container outlives a run.
 * Which report the stand-in writes is chosen by a label on the scanned image; how it misbehaves, by image variant.
 */
class ScanIT {
    private static final String ALPINE = "2 CRITICAL, 4 MEDIUM: FAILED at CRITICAL";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] REPORTS = {"alpine-39", "alpine-39-skip", "debian-buster"};
    private static String scanner;
    private static final Map<String, String> VARIANTS = new HashMap<>();
    private static String alpine;
    private static String debian;
    private static String clean;

    private TestProject project;
    private Path tmp;
    private Path cache;

    @BeforeAll
    static void buildImages() throws IOException {
        scanner = TrivyStandIn.image(TestDocker.prefix() + "-trivy-stand-in:0.67.2", REPORTS);
        for (String mode : List.of("fail", "garbage", "no-report", "db-unreachable", "hang")) {
            VARIANTS.put(mode, build("FROM " + scanner + "\nENV TRIVY_STAND_IN_MODE=" + mode + "\n",
                    TestDocker.prefix() + "-trivy-stand-in:" + mode));
        }
        alpine = target("alpine-39");
        debian = target("debian-buster");
        clean = target("alpine-39-skip");
    }

    @AfterAll
    static void removeImages() {
        TestDocker.cleanup();
    }

    @BeforeEach
    void createProject() {
        project = TestProject.create().write("VERSION", "v1.0.0\n");
        tmp = TestDocker.tempDir("ppctl-scan-tmp");
        cache = TestDocker.tempDir("ppctl-trivy-cache");
        config("");
    }

    @AfterEach
    void removeProject() {
        project.close();
        TestProject.deleteTree(tmp);
        TestProject.deleteTree(cache);
    }

    @Test
    void aCriticalFindingFailsTheGateWithExitOneAndEveryFindingIsShown() throws IOException {
        CliResult r = scan("--image", alpine);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stdout()).contains("CRITICAL (2)", "CVE-2019-14697  musl ", "musl-utils", "fails gate", "MEDIUM (4)",
                "libssl1.1", "openssl: information disclosure in fork()").endsWith(ALPINE + "\n");
        assertThat(r.stderrLines()).last().isEqualTo("ppctl: scan gate: " + ALPINE
                + " (update the affected packages, or accept a risk in .trivyignore (ID exp:YYYY-MM-DD))");
        assertThat(Files.readAllLines(cache.resolve("stand-in-args"))).containsExactly(
                "image --input /in/image.tar --format json --output /out/report.json --scanners vuln --no-progress "
                        + "--skip-version-check --disable-telemetry --cache-dir /cache --timeout 900s",
                "docker.sock: absent", "PPCTL_ variables: 0");
        assertNothingLeftBehind();
    }

    @Test
    void ignoredFindingsPassTheGateAndTheReportsSayWhy() throws IOException {
        project.write(".trivyignore", "# accepted until the musl bump\nCVE-2019-14697 exp:2999-01-01\n"
                + "CVE-2019-1549 exp:2020-01-01 # this acceptance ran out\n");
        Path reports = project.path("target/reports");
        CliResult r = scan("--image", alpine, "--report", reports.resolve("scan.json").toString(),
                "--sarif", reports.resolve("trivy.sarif").toString(), "--junit", reports.resolve("scan.xml").toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("ignored (.trivyignore:2)", "ignore expired 2020-01-01")
                .endsWith("2 CRITICAL (2 ignored), 4 MEDIUM: PASSED at CRITICAL\n");
        assertThat(r.stderr()).contains(".trivyignore:3: the ignore entry for CVE-2019-1549 expired on 2020-01-01");

        JsonNode report = JSON.readTree(reports.resolve("scan.json").toFile());
        assertThat(report.at("/scan/passed").asBoolean()).isTrue();
        assertThat(report.at("/scan/image").asText()).isEqualTo(alpine);
        assertThat(report.at("/scan/scanner").asText()).isEqualTo(scanner);
        assertThat(report.at("/scan/expiredIgnores/0/id").asText()).isEqualTo("CVE-2019-1549");
        assertThat(report.get("trivy")).isEqualTo(JSON.readTree(TrivyFixtures.text("alpine-39.json")));

        JsonNode sarif = JSON.readTree(reports.resolve("trivy.sarif").toFile());
        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.at("/runs/0/results")).hasSize(6);
        assertThat(sarif.at("/runs/0/results/0/suppressions/0/status").asText()).isEqualTo("accepted");

        String junit = Files.readString(reports.resolve("scan.xml"));
        assertThat(junit).contains("tests=\"1\" failures=\"0\"", "no vulnerability at or above CRITICAL");
        assertThat(Files.list(reports).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                "scan.json", "trivy.sarif", "scan.xml");
        assertNothingLeftBehind();
    }

    @Test
    void theThresholdAndIgnoreUnfixedComeFromConfigOrFlags() throws IOException {
        project.write(".trivyignore", "CVE-2019-18224\n");
        config("  failOn: LOW\n  ignoreUnfixed: true\n");
        CliResult configured = scan("--image", debian);
        assertThat(configured.exitCode()).as(configured.toString()).isZero();
        assertThat(configured.stdout()).contains("no fix yet, not gating")
                .endsWith("1 CRITICAL (1 ignored), 1 LOW (1 unfixed): PASSED at LOW\n");

        Path junit = project.path("junit.xml");
        CliResult flagged = scan("--image", debian, "--no-ignore-unfixed", "--junit", junit.toString());
        assertThat(flagged.exitCode()).as(flagged.toString()).isEqualTo(1);
        assertThat(flagged.stdout()).endsWith("1 CRITICAL (1 ignored), 1 LOW: FAILED at LOW\n");
        assertThat(Files.readString(junit)).contains("tests=\"1\" failures=\"1\"", "LOW CVE-2019-18276 in bash 5.0-4");

        CliResult critical = scan("--image", debian, "--no-ignore-unfixed", "--fail-on", "critical");
        assertThat(critical.exitCode()).as(critical.toString()).isZero();
    }

    @Test
    void withoutImageTheLastBuildIsScannedAndJsonOutputIsTheSummary() throws IOException {
        String id = TestDocker.docker("image", "inspect", "--format", "{{.Id}}", clean).trim();
        BuildRecord.builder().imageId(id).imageName("policy-platform").version("v1.0.0").builtAt(Instant.now()).labels(Map.of())
                .build().save(Project.open(project.dir(), null, Map.of()));
        CliResult r = scan("--output", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode json = JSON.readTree(r.stdout());
        assertThat(json.get("passed").asBoolean()).isTrue();
        assertThat(json.get("verdict").asText()).isEqualTo("no vulnerabilities: PASSED at CRITICAL");
        assertThat(json.get("scannerKind").asText()).isEqualTo("image");
        assertThat(json.get("image").asText()).isEqualTo("policy-platform:v1.0.0");
        assertThat(json.get("imageId").asText()).isEqualTo(id);
        assertThat(json.get("findings")).isEmpty();
        assertNothingLeftBehind();
    }

    @Test
    void aScannerThatFailsIsExitThreeWithTrivysReasonAndNoReport() {
        config("  image: " + VARIANTS.get("fail") + "\n");
        Path report = project.path("scan.json");
        CliResult r = scan("--image", alpine, "--report", report.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderrLines()).last().isEqualTo("ppctl: Trivy (scanner image " + VARIANTS.get("fail")
                + ") exited with 1: FATAL Fatal error run error: image scan error: scan error: scan failed: failed analysis: "
                + "analyze error: pipeline error: context deadline exceeded (rerun with -v to see Trivy's log)");
        assertThat(report).doesNotExist();
        assertNothingLeftBehind();
    }

    @Test
    void aScannerThatWritesGarbageOrNothingIsExitThree() {
        config("  image: " + VARIANTS.get("garbage") + "\n");
        CliResult garbage = scan("--image", alpine);
        assertThat(garbage.exitCode()).as(garbage.toString()).isEqualTo(3);
        assertThat(garbage.stderrLines()).last().asString().startsWith("ppctl: Trivy (scanner image " + VARIANTS.get("garbage")
                + ") did not write a Trivy JSON report: the report is not JSON").contains("it starts with: 'Total: 2 (UNKNOWN");

        config("  image: " + VARIANTS.get("no-report") + "\n");
        CliResult nothing = scan("--image", alpine);
        assertThat(nothing.exitCode()).as(nothing.toString()).isEqualTo(3);
        assertThat(nothing.stderr()).contains("it exited with 0 but wrote nothing to --output");
        assertNothingLeftBehind();
    }

    @Test
    void withoutItsDatabaseTheScannerFailsWithAHintAndSkipDbUpdateUsesTheCache() throws IOException {
        config("  image: " + VARIANTS.get("db-unreachable") + "\n  dbRepository: registry.internal/aquasec/trivy-db:2\n");
        CliResult r = scan("--image", clean);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderrLines()).last().asString()
                .contains("exited with 1: FATAL Fatal error run error: init error: DB error: failed to download vulnerability DB")
                .contains("failed to download artifact from registry.internal/aquasec/trivy-db:2: OCI repository error: 1 error "
                        + "occurred: * Get \"https://registry.internal/v2/\": dial tcp: lookup registry.internal: no such host")
                .contains("set scan.dbRepository to a mirror", "--skip-db-update");

        // Like Trivy, the stand-in refuses --skip-db-update without a database in the cache.
        TrivyDb.create().writeTo(cache);
        CliResult offline = scan("--image", clean, "--skip-db-update");
        assertThat(offline.exitCode()).as(offline.toString()).isZero();
        assertThat(Files.readAllLines(cache.resolve("stand-in-args")).get(0))
                .endsWith("--skip-db-update --skip-java-db-update --db-repository registry.internal/aquasec/trivy-db:2");
        assertNothingLeftBehind();
    }

    @Test
    void withNoScannerAnywhereItSaysWhatWasTriedAndExitsThree() throws IOException {
        String unreachable = "127.0.0.1:" + closedPort() + "/aquasec/trivy:0.67.2";
        config("  image: " + unreachable + "\n");
        long start = System.nanoTime();
        CliResult r = scan("--image", alpine);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        String line = r.stderrLines().get(r.stderrLines().size() - 1);
        assertThat(line).startsWith("ppctl: no vulnerability scanner available: scan.trivy is not set; "
                        + "no trivy executable on PATH; scanner image " + unreachable
                        + " is not present locally and could not be pulled (pulling " + unreachable)
                .contains("connection refused", "install trivy on PATH", "scan.trivy: /path/to/trivy",
                        "scan.dbRepository");
        assertThat((System.nanoTime() - start) / 1_000_000_000).isLessThan(20);
        assertNothingLeftBehind();
    }

    @Test
    void aTrivyExecutableOnPathIsUsedBeforeTheScannerImage() throws IOException {
        Path bin = TestDocker.tempDir("ppctl-trivy-bin");
        try {
            TrivyStandIn.stage(bin, REPORTS);
            config("  image: 127.0.0.1:" + closedPort() + "/never/pulled:1\n");
            CliResult r = Cli.run(env(Map.of("PATH", bin + ":/usr/bin:/bin", "PPCTL_GHCR_PASSWORD", "not-for-trivy")),
                    "-C", project.dir().toString(),
                    "scan", "--image", alpine, "-v");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.stdout()).endsWith(ALPINE + "\n");
            assertThat(r.stderr()).contains("scanner: trivy at " + bin.resolve("trivy"),
                    "trivy: ", "[vuln] Vulnerability scanning is enabled");
            assertThat(Files.readAllLines(cache.resolve("stand-in-args"))).contains("PPCTL_ variables: 0");
            String args = Files.readAllLines(cache.resolve("stand-in-args")).get(0);
            assertThat(args).startsWith("image --input " + tmp + "/ppctl-scan-").contains("/in/image.tar --format json --output ")
                    .contains("--cache-dir " + cache);
            assertNothingLeftBehind();
        } finally {
            TestProject.deleteTree(bin);
        }
    }

    @Test
    void aScannerThatHangsIsStoppedAtScanTimeoutAndRemoved() throws IOException {
        Path bin = TestDocker.tempDir("ppctl-trivy-bin");
        try {
            TrivyStandIn.stage(bin, REPORTS);
            config("  trivy: " + bin.resolve("trivy") + "\n  timeout: 1s\n");
            CliResult binary = Cli.run(env(Map.of("TRIVY_STAND_IN_MODE", "hang")), "-C", project.dir().toString(),
                    "scan", "--image", clean);
            assertThat(binary.exitCode()).as(binary.toString()).isEqualTo(3);
            assertThat(binary.stderrLines()).last().asString()
                    .startsWith("ppctl: Trivy (" + bin.resolve("trivy") + ") did not finish within 1s and was stopped");
            assertThat(sleepersOf(bin)).isEmpty();

            config("  image: " + VARIANTS.get("hang") + "\n  timeout: 1s\n");
            CliResult container = scan("--image", clean);
            assertThat(container.exitCode()).as(container.toString()).isEqualTo(3);
            assertThat(container.stderr()).contains("did not finish within 1s and was stopped (raise scan.timeout");
            assertNothingLeftBehind();
        } finally {
            TestProject.deleteTree(bin);
        }
    }

    @Test
    void ctrlCRemovesTheScannerContainerAndTheArchive() throws Exception {
        config("  image: " + VARIANTS.get("hang") + "\n");
        Path out = tmp.resolveSibling(tmp.getFileName() + ".out");
        ProcessBuilder pb = Cli.processBuilder(project.dir(), Map.of("TMPDIR", tmp.toString(), "PATH", "/usr/bin:/bin"),
                "scan", "--image", clean).redirectErrorStream(true).redirectOutput(out.toFile());
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (scanContainers().isEmpty()) {
                assertThat(p.isAlive()).as("ppctl ended before its scanner started: " + read(out)).isTrue();
                assertThat(System.nanoTime()).as("no scanner container within 60 s").isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(contents(tmp)).isNotEmpty();
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("ppctl did not stop within 30 s of Ctrl-C").isTrue();
            assertThat(p.exitValue()).as(read(out)).isEqualTo(130);
            assertThat(read(out)).contains("interrupted");
            assertNothingLeftBehind();
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }

    @Test
    void aMissingScannerImageIsPulledFromItsRegistry() throws Exception {
        Path dir = TestDocker.tempDir("ppctl-plain-registry");
        int port = closedPort();
        Files.writeString(dir.resolve("config.yml"), "version: 0.1\nlog: {level: error}\nstorage:\n  filesystem: {rootdirectory: "
                + dir.resolve("data") + "}\nhttp: {addr: \"127.0.0.1:" + port + "\"}\n");
        Process registry = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        try {
            awaitPort(port, registry);
            String remote = "127.0.0.1:" + port + "/" + TestDocker.prefix() + "-mirror/trivy:0.67.2";
            TestDocker.docker("tag", scanner, remote);
            TestDocker.docker("push", remote);
            TestDocker.docker("rmi", remote);
            config("  image: " + remote + "\n");
            CliResult r = scan("--image", alpine);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.stderr()).contains("pulling scanner image " + remote, "scanner: scanner image " + remote);
            assertThat(r.stdout()).endsWith(ALPINE + "\n");
            assertThat(TestDocker.imageExists(remote)).isTrue();
            assertNothingLeftBehind();
        } finally {
            registry.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            TestProject.deleteTree(dir);
        }
    }

    private CliResult scan(String... args) {
        List<String> all = new ArrayList<>(List.of("-C", project.dir().toString(), "scan"));
        all.addAll(List.of(args));
        return Cli.run(env(Map.of()), all.toArray(String[]::new));
    }

    /** No trivy on PATH (none exists here anyway), and the scan's temporary folder is this test's. */
    private Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "TMPDIR", tmp.toString()));
        env.putAll(extra);
        return env;
    }

    private void config(String scanKeys) {
        String keys = scanKeys.contains("  image:") ? scanKeys : "  image: " + scanner + "\n" + scanKeys;
        project.write("ppctl.yaml", "scan:\n" + keys + "  cacheDir: " + cache + "\n");
    }

    private void assertNothingLeftBehind() {
        assertThat(scanContainers()).as("scanner containers left behind").isEmpty();
        assertThat(contents(tmp)).as("temporary files left behind").isEmpty();
    }

    /** Scanner containers of this test run (other test classes may run their own ppctl containers meanwhile). */
    private static List<String> scanContainers() {
        return TestDocker.docker("ps", "-a", "--filter", "label=io.ppctl.purpose=scan", "--format", "{{.ID}} {{.Image}}")
                .lines().filter(l -> l.contains(TestDocker.prefix())).toList();
    }

    private static List<Path> contents(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stand-in's hang mode execs `sleep 600` as a child of this JVM (ppctl ran in-process). */
    private static List<String> sleepersOf(Path bin) {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(h -> h.info().commandLine().orElse("")).filter(c -> c.contains("sleep 600")).toList();
    }

    private static String build(String dockerfile, String tag) throws IOException {
        Path dir = TestDocker.tempDir("ppctl-scan-build");
        try {
            Files.writeString(dir.resolve("Dockerfile"), dockerfile);
            TestDocker.build(dir, tag);
            return tag;
        } finally {
            TestProject.deleteTree(dir);
        }
    }

    /** An image whose scan report, with the stand-in, is Trivy's golden {@code report}.json. */
    private static String target(String report) throws IOException {
        return build("FROM " + TestDocker.baseImage() + "\nLABEL trivy-stand-in.report=" + report + "\n",
                TestDocker.prefix() + "-target:" + report);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (java.net.Socket ignored = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                assertThat(process.isAlive()).as("docker-registry exited").isTrue();
                assertThat(System.nanoTime()).as("docker-registry did not listen within 10 s").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
