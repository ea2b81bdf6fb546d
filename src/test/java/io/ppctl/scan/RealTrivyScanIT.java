package io.ppctl.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.GoBuildInfo;
import io.ppctl.testing.RealTools;
import io.ppctl.testing.RealTrivy;
import io.ppctl.testing.SarifSchema;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import io.ppctl.testing.TrivyDb;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.ppctl.testing.GoBuildInfo.nextPatch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * `ppctl scan` on the REAL Trivy (the pinned binary, and a scanner image made from it), offline: the vulnerability
 * database is written by the tests ({@link TrivyDb}) and nothing is downloaded. Planted advisories: a CRITICAL in an
 * image that looks like Alpine to Trivy, a LOW for a package without an origin (o:) line, and a HIGH Go-module
 * advisory for the containerd module inside the real helm binary (Trivy's Go binary analyzer reads its build info).
 */
class RealTrivyScanIT {
    static final String RELEASE = "3.22";
    static final String MUSL = "CVE-2099-0001";
    static final String NO_ORIGIN = "CVE-2099-0009";
    static final String GO_ADVISORY = "CVE-2099-0002";
    static final String GO_MODULE = "github.com/containerd/containerd";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String scanner;
    private static String alpine;
    private static String platform;
    private static volatile String goModuleVersion;

    private TestProject project;
    private Path tmp;
    private Path cache;

    @BeforeAll
    static void buildImages() throws IOException {
        scanner = RealTrivy.image();
        alpine = alpineImage(TestDocker.prefix() + "-alpine-like:" + RELEASE, null);
        platform = alpineImage(TestDocker.prefix() + "-platform-like:helm", RealTools.binary("helm"));
    }

    @AfterAll
    static void removeImages() {
        TestDocker.cleanup();
    }

    @BeforeEach
    void createProject() {
        project = TestProject.create().write("VERSION", "v1.0.0\n");
        tmp = TestDocker.tempDir("ppctl-real-scan-tmp");
        cache = TestDocker.tempDir("ppctl-real-trivy-cache");
        planted().writeTo(cache);
        config("  image: " + scanner + "\n  skipDbUpdate: true\n");
    }

    @AfterEach
    void removeProject() {
        project.close();
        TestProject.deleteTree(tmp);
        TestProject.deleteTree(cache);
    }

    /** The advisories every test scans against. */
    static TrivyDb planted() {
        String goModuleVersion = goModuleVersion();
        return TrivyDb.create()
                .alpine(RELEASE, "musl", MUSL, "1.2.5-r11")
                .vulnerability(MUSL, "CRITICAL", "musl: planted critical")
                .alpine(RELEASE, "no-origin", NO_ORIGIN, "1.0.1-r0")
                .vulnerability(NO_ORIGIN, "LOW", "no-origin: reported although installed above the fix")
                .goModule(GO_MODULE, GO_ADVISORY, "< " + nextPatch(goModuleVersion), nextPatch(goModuleVersion))
                .vulnerability(GO_ADVISORY, "HIGH", "containerd: planted high");
    }

    @Test
    void aPlantedCriticalFailsTheGateWithExitOneNamingIt() throws IOException {
        Path report = project.path("scan.json");
        CliResult r = scan("--image", alpine, "--report", report.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stdout()).contains("CRITICAL (1)", MUSL, "musl", "1.2.5-r10", "1.2.5-r11", "fails gate")
                .endsWith("1 CRITICAL, 1 LOW: FAILED at CRITICAL\n");
        assertThat(r.stderrLines()).last().asString().startsWith("ppctl: scan gate: 1 CRITICAL, 1 LOW: FAILED at CRITICAL");
        JsonNode json = JSON.readTree(report.toFile());
        assertThat(finding(json, MUSL).get("status").asText()).isEqualTo("fails-gate");
        // Without an o: line Trivy 0.67.2 does not skip the package: it compares an empty source version, so every
        // advisory for that name matches, here one fixed in 1.0.1-r0 although 9.0.0-r0 is installed.
        assertThat(finding(json, NO_ORIGIN).get("installedVersion").asText()).isEqualTo("9.0.0-r0");
        assertThat(json.at("/scan/findings")).hasSize(2);
        assertThat(json.at("/trivy/SchemaVersion").asInt()).isEqualTo(2);
        assertThat(json.at("/trivy/Metadata/OS/Family").asText()).isEqualTo("alpine");
        assertThat(json.at("/trivy/Metadata/OS/Name").asText()).isEqualTo(RELEASE + ".2");
        // Trivy 0.67 writes no "Trivy": {"Version"} into its report (ppctl's SARIF then names no driver version).
        assertThat(json.at("/trivy/Trivy").isMissingNode()).isTrue();
        assertNothingLeftBehind();
    }

    @Test
    void theIgnoreFileAcceptsItUntilItsExpDateAndTheSarifIsValid() throws IOException {
        project.write(".trivyignore", MUSL + " exp:2999-12-31 # accepted until the musl bump\n");
        Path sarif = project.path("trivy.sarif");
        CliResult accepted = scan("--image", alpine, "--sarif", sarif.toString());
        assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
        assertThat(accepted.stdout()).contains("ignored (.trivyignore:1)").endsWith("1 CRITICAL (1 ignored), 1 LOW: PASSED at CRITICAL\n");
        assertThat(SarifSchema.problems(sarif)).isEmpty();
        JsonNode log = JSON.readTree(sarif.toFile());
        JsonNode musl = log.at("/runs/0/results").findParents("ruleId").stream()
                .filter(n -> n.get("ruleId").asText().equals(MUSL)).findFirst().orElseThrow();
        assertThat(musl.at("/suppressions/0/status").asText()).isEqualTo("accepted");

        project.write(".trivyignore", MUSL + " exp:2020-01-01\n");
        CliResult expired = scan("--image", alpine);
        assertThat(expired.exitCode()).as(expired.toString()).isEqualTo(1);
        assertThat(expired.stderr()).contains(".trivyignore:1: the ignore entry for " + MUSL + " expired on 2020-01-01");
        assertThat(expired.stdout()).contains("ignore expired 2020-01-01").endsWith("1 CRITICAL, 1 LOW: FAILED at CRITICAL\n");
        assertNothingLeftBehind();
    }

    @Test
    void aGoModuleAdvisoryInTheRealHelmBinaryIsReportedAndGates() throws IOException {
        project.write(".trivyignore", MUSL + "\n");
        Path report = project.path("scan.json");
        Path sarif = project.path("trivy.sarif");
        CliResult r = scan("--image", platform, "--fail-on", "HIGH", "--report", report.toString(), "--sarif", sarif.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stdout()).contains(GO_ADVISORY, GO_MODULE, goModuleVersion(), nextPatch(goModuleVersion()))
                .endsWith("1 CRITICAL (1 ignored), 1 HIGH, 1 LOW: FAILED at HIGH\n");
        JsonNode go = finding(JSON.readTree(report.toFile()), GO_ADVISORY);
        assertThat(go.get("pkgName").asText()).isEqualTo(GO_MODULE);
        assertThat(go.get("installedVersion").asText()).isEqualTo(goModuleVersion());
        assertThat(go.get("target").asText()).isEqualTo("usr/local/bin/helm");
        assertThat(go.get("status").asText()).isEqualTo("fails-gate");
        assertThat(SarifSchema.problems(sarif)).isEmpty();
        assertThat(JSON.readTree(sarif.toFile()).at("/runs/0/tool/driver/rules").findValuesAsText("id"))
                .containsExactlyInAnyOrder(MUSL, NO_ORIGIN, GO_ADVISORY);
        assertNothingLeftBehind();
    }

    /**
     * Every Trivy flag ppctl can produce (TrivyCommand: --cache-dir, --timeout, --skip-db-update with
     * --skip-java-db-update, --db-repository, and the fixed ones), through both scanners: Trivy accepts each set and
     * scans (the planted CRITICAL fails the gate, exit 1), and without --skip-db-update a fresh database is used as it is.
     */
    @Test
    void everyOptionPpctlMapsToATrivyFlagIsAcceptedByTheRealTrivy() throws IOException {
        String mirror = "127.0.0.1:" + closedPort() + "/aquasec/trivy-db:2";
        List<String> options = List.of(
                "  skipDbUpdate: true\n",
                "  skipDbUpdate: true\n  dbRepository: " + mirror + "\n",
                "  skipDbUpdate: false\n",
                "  skipDbUpdate: false\n  dbRepository: " + mirror + "\n",
                "  skipDbUpdate: true\n  timeout: 2m\n  failOn: LOW\n  ignoreUnfixed: true\n");
        Map<String, String> scanners = Map.of("image", "  image: " + scanner + "\n",
                "binary", "  trivy: " + RealTrivy.binary() + "\n");
        for (Map.Entry<String, String> s : scanners.entrySet()) {
            for (String o : options) {
                config(s.getValue() + o);
                CliResult r = scan("--image", alpine, "-v");
                String what = s.getKey() + " with\n" + o + r;
                assertThat(r.exitCode()).as(what).isEqualTo(1);
                assertThat(r.stdout()).as(what).contains(MUSL);
                assertThat(r.stderr()).as(what).doesNotContain("Need to update DB", "Downloading");
                String args = r.stderr().lines().filter(l -> l.contains("running ") && l.contains(" image --input "))
                        .findFirst().orElseThrow(() -> new AssertionError("no command line in -v output: " + what));
                if (o.contains("dbRepository")) {
                    assertThat(args).as(what).contains("--db-repository " + mirror);
                }
                if (o.contains("skipDbUpdate: true")) {
                    assertThat(args).as(what).contains("--skip-db-update --skip-java-db-update");
                }
                assertThat(args).as(what).contains(o.contains("2m") ? "--timeout 120s" : "--timeout 900s",
                        "--skip-version-check", "--disable-telemetry");
            }
        }
        assertNothingLeftBehind();
    }

    @Test
    void aStaleDatabaseAndAnUnreachableMirrorFailWithTrivysReasonAndTheDatabaseHint() {
        planted().updatedAt(Instant.now().minus(Duration.ofDays(3))).writeTo(cache);
        String mirror = "127.0.0.1:" + closedPort() + "/aquasec/trivy-db:2";
        config("  image: " + scanner + "\n  dbRepository: " + mirror + "\n  timeout: 60s\n");
        CliResult r = scan("--image", alpine);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderrLines()).last().asString()
                .startsWith("ppctl: Trivy (scanner image " + scanner + ") exited with 1: FATAL Fatal error")
                .contains("failed to download vulnerability DB", ScannerFailure.DB_HINT);
        assertNothingLeftBehind();
    }

    @Test
    void skipDbUpdateWithoutADatabaseInTheCacheIsRefusedBeforeTheImageIsExported() {
        TestProject.deleteTree(cache.resolve("db"));
        CliResult r = scan("--image", alpine);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderrLines()).last().asString().startsWith("ppctl: --skip-db-update: the Trivy cache " + cache
                + " has no vulnerability database (" + cache.resolve("db/trivy.db") + " is missing)");
        assertThat(r.stderr()).doesNotContain("docker save");
        assertNothingLeftBehind();
    }

    /**
     * No network at all: the real Trivy as ppctl runs it with {@code scan.trivy} and {@code skipDbUpdate}, started in a
     * network namespace of its own (unshare --net: a loopback that is down, no route), still scans and fails the gate on
     * the planted CRITICAL. The scanner container itself cannot be run with network none: ppctl gives it no network
     * mode (TrivyContainer) and scan: has no key for one, which would be a product change.
     */
    @Test
    void theRealTrivyScansWithNoNetworkAtAll() throws IOException {
        Path bin = TestDocker.tempDir("ppctl-no-network");
        try {
            Path seen = bin.resolve("network-seen");
            Path wrapper = bin.resolve("trivy");
            Files.writeString(wrapper, String.join("\n", "#!/bin/sh",
                    "# The real trivy in an empty network namespace; records the interfaces and routes it has there.",
                    "if [ -z \"${PPCTL_IT_NETNS:-}\" ]; then PPCTL_IT_NETNS=1 exec /usr/bin/unshare --net -- \"$0\" \"$@\"; fi",
                    "{ echo '--- interfaces'; cat /proc/net/dev; echo '--- routes'; cat /proc/net/route; } >> " + seen,
                    "exec " + RealTrivy.binary() + " \"$@\"", ""));
            Files.setPosixFilePermissions(wrapper, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            config("  trivy: " + wrapper + "\n  skipDbUpdate: true\n");
            CliResult r = scan("--image", alpine, "-v");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.stdout()).contains(MUSL).endsWith("1 CRITICAL, 1 LOW: FAILED at CRITICAL\n");
            assertThat(r.stderr()).contains("running " + wrapper + " image --input ", "--skip-db-update")
                    .doesNotContain("Need to update DB", "Downloading");
            String network = Files.readString(seen);
            List<String> interfaces = new ArrayList<>();
            boolean routes = false;
            for (String line : network.lines().toList()) {
                if (line.startsWith("--- ")) {
                    routes = line.equals("--- routes");
                } else if (!routes && line.contains(":") && !line.contains("|")) {
                    interfaces.add(line.substring(0, line.indexOf(':')).strip());
                } else if (routes) {
                    assertThat(line).as("a route inside Trivy's namespace:\n" + network).startsWith("Iface");
                }
            }
            assertThat(interfaces).as("Trivy's network interfaces, each time it ran:\n" + network).isNotEmpty().containsOnly("lo");
            assertNothingLeftBehind();
        } finally {
            TestProject.deleteTree(bin);
        }
    }

    /** The SBOM (issue 16): the real Trivy converts this scan's own report; the image is not looked at twice. */
    @Test
    void theSbomsComeFromThisScansOwnReportAndListTheImagesPackages() throws IOException {
        project.write(".trivyignore", MUSL + "\n");
        project.write("ppctl.yaml", "scan:\n  image: " + scanner + "\n  skipDbUpdate: true\n  cacheDir: " + cache
                + "\nsigning: {sbom: [cyclonedx, spdx-json]}\n");
        CliResult r = scan("--image", alpine);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String hex = TestDocker.docker("image", "inspect", "--format", "{{.Id}}", alpine).trim().replace("sha256:", "");
        JsonNode cdx = JSON.readTree(project.path("target/ppctl/sbom/" + hex + ".cdx.json").toFile());
        assertThat(cdx.path("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(cdx.path("metadata").path("tools").toString()).contains("trivy", RealTrivy.version());
        assertThat(cdx.path("components").findValuesAsText("purl")).anyMatch(p -> p.startsWith("pkg:apk/alpine/musl@1.2.5-r10"));
        assertThat(io.ppctl.supplychain.Sbom.packageCount(cdx)).isGreaterThanOrEqualTo(2);
        JsonNode spdx = JSON.readTree(project.path("target/ppctl/sbom/" + hex + ".spdx.json").toFile());
        assertThat(spdx.path("spdxVersion").asText()).isEqualTo("SPDX-2.3");
        assertThat(io.ppctl.supplychain.Sbom.packageCount(spdx)).isEqualTo(io.ppctl.supplychain.Sbom.packageCount(cdx));
        assertThat(r.stderr()).contains("SBOM (cyclonedx)", "SBOM (spdx-json)").doesNotContain("no cyclonedx SBOM");
        assertNothingLeftBehind();
    }

    static JsonNode finding(JsonNode report, String id) {
        for (JsonNode f : report.at("/scan/findings")) {
            if (f.get("id").asText().equals(id)) {
                return f;
            }
        }
        throw new AssertionError("no finding " + id + " in " + report.at("/scan/findings"));
    }

    private CliResult scan(String... args) {
        List<String> all = new ArrayList<>(List.of("-C", project.dir().toString(), "scan"));
        all.addAll(List.of(args));
        return Cli.run(new HashMap<>(Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "TMPDIR", tmp.toString())),
                all.toArray(String[]::new));
    }

    private void config(String scanKeys) {
        project.write("ppctl.yaml", "scan:\n" + scanKeys + "  cacheDir: " + cache + "\n");
    }

    private void assertNothingLeftBehind() {
        assertThat(TestDocker.docker("ps", "-a", "--filter", "label=io.ppctl.purpose=scan", "--format", "{{.Image}}")
                .lines().filter(l -> l.contains(TestDocker.prefix())).toList()).as("scanner containers left behind").isEmpty();
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.toList()).as("temporary files left behind").isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An image Trivy takes for Alpine {@link #RELEASE}: /etc/alpine-release and an apk database with musl (origin musl,
     * below the planted fix) and a package without an o: line; with {@code goBinary}, that binary in /usr/local/bin.
     */
    static String alpineImage(String tag, Path goBinary) throws IOException {
        Path dir = TestDocker.tempDir("ppctl-alpine-like");
        try {
            Files.createDirectories(dir.resolve("etc"));
            Files.createDirectories(dir.resolve("lib/apk/db"));
            Files.writeString(dir.resolve("etc/alpine-release"), RELEASE + ".2\n");
            Files.writeString(dir.resolve("lib/apk/db/installed"), String.join("\n",
                    "P:musl", "V:1.2.5-r10", "A:x86_64", "o:musl", "",
                    "P:no-origin", "V:9.0.0-r0", "A:x86_64", "", ""));
            StringBuilder dockerfile = new StringBuilder("FROM scratch\nCOPY etc /etc\nCOPY lib /lib\n");
            if (goBinary != null) {
                Files.copy(goBinary, dir.resolve("tool"));
                dockerfile.append("COPY tool /usr/local/bin/").append(goBinary.getFileName()).append('\n');
            }
            // The stand-in hands out the report of this label (the comparison test scans the same image with both).
            dockerfile.append("LABEL trivy-stand-in.report=").append(goBinary == null ? "planted-alpine" : "planted-platform")
                    .append('\n');
            Files.writeString(dir.resolve("Dockerfile"), dockerfile.toString());
            TestDocker.build(dir, tag);
            return tag;
        } finally {
            TestProject.deleteTree(dir);
        }
    }

    /** The version of {@link #GO_MODULE} in the real helm binary. */
    static synchronized String goModuleVersion() {
        if (goModuleVersion == null) {
            goModuleVersion = GoBuildInfo.moduleVersion(RealTools.binary("helm"), GO_MODULE);
        }
        return goModuleVersion;
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
