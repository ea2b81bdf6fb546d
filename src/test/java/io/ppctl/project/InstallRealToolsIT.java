package io.ppctl.project;

import io.ppctl.testing.EngineIndependent;
import io.ppctl.config.ScanConfig;
import io.ppctl.testing.RealTools;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import io.ppctl.version.BumpAdvisor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scripts/install-real-tools.sh as CI runs it: warm, it only checks (under 5 s); a pinned version the Go module
 * proxy does not have fails with one line naming the tool and the version; each real tool prints its full version,
 * the one the Dockerfile (or ScanConfig, for Trivy) pins.
 */
@EngineIndependent
class InstallRealToolsIT {
    private static final Path SCRIPT = RepoFiles.path("scripts/install-real-tools.sh");

    record Run(int exitCode, String stdout, String stderr, long millis) {}

    @Test
    void aWarmRerunOnlyChecksAndTakesUnderFiveSeconds() {
        Run check = run(List.of(SCRIPT.toString(), "--check"), Map.of(), 30);
        assertThat(check.exitCode()).as("every tool built by the installer before the tests run: " + check.stderr()).isZero();
        Run warm = run(List.of(SCRIPT.toString()), Map.of(), 30);
        assertThat(warm.exitCode()).as(warm.stderr()).isZero();
        assertThat(warm.stderr()).doesNotContain("building");
        assertThat(warm.millis()).as("warm rerun in ms").isLessThan(5_000);
        System.out.printf("InstallRealToolsIT: warm rerun of every tool took %d ms%n", warm.millis());
    }

    @Test
    void everyToolPrintsTheVersionItIsPinnedTo() {
        Map<String, String> pins = BumpAdvisor.toolVersions(RepoFiles.read("Dockerfile"));
        assertThat(run(List.of(RealTools.binary("kyverno").toString(), "version"), Map.of(), 30).stdout())
                .startsWith("Version: " + pins.get("KYVERNO_VERSION") + "\n");
        assertThat(run(List.of(RealTools.binary("pluto").toString(), "version"), Map.of(), 30).stdout())
                .matches("Version:" + pins.get("PLUTO_VERSION").replace(".", "\\.") + " Commit:[0-9a-f]{40}\\n");
        assertThat(run(List.of(RealTools.binary("helm").toString(), "version"), Map.of("HOME", "/tmp"), 30).stdout())
                .startsWith("version.BuildInfo{Version:\"v" + pins.get("HELM_VERSION") + "\", ")
                .contains("GitTreeState:\"clean\"");
        String trivy = ScanConfig.DEFAULT_SCANNER_IMAGE.replaceAll(".*:", "");
        assertThat(run(List.of(RealTools.binary("trivy").toString(), "--version"), Map.of("HOME", "/tmp"), 30).stdout())
                .startsWith("Version: " + trivy + "\n");
        assertThat(run(List.of(RealTools.binary("crane").toString(), "version"), Map.of(), 30).stdout()).matches("v\\d+\\.\\d+\\.\\d+\\n");
    }

    @Test
    void aVersionTheProxyDoesNotHaveFailsWithOneLineNamingToolAndVersion() throws IOException {
        Path top = TestDocker.tempDir("ppctl-installer");
        try {
            Path script = installerCopy(top, RepoFiles.read("Dockerfile").replace("ARG HELM_VERSION=3.19.0", "ARG HELM_VERSION=3.99.97"));
            Run r = run(List.of("bash", script.toString(), "helm"),
                    Map.of("PPCTL_TOOLS_CACHE", top.resolve("cache").toString()), 120);
            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
            List<String> lines = r.stderr().lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines.get(lines.size() - 1)).startsWith("install-real-tools: helm 3.99.97 failed to build: ")
                    .contains("helm.sh/helm/v3@v3.99.97")
                    .containsAnyOf("unknown revision", "404", "not found", "not available", "invalid version").contains("(log: ");
            assertThat(lines).as("'building' and then the one line").hasSizeLessThanOrEqualTo(2);
            assertThat(top.resolve("cache/bin/helm")).doesNotExist();
        } finally {
            TestProject.deleteTree(top);
        }
    }

    /** Built side by side, the tools fail side by side: one line each, naming tool and version, each with its own log. */
    @Test
    void twoToolsThatFailEachGetTheirOwnLineAndLog() throws IOException {
        Path top = TestDocker.tempDir("ppctl-installer");
        try {
            Path script = installerCopy(top, RepoFiles.read("Dockerfile")
                    .replace("ARG HELM_VERSION=3.19.0", "ARG HELM_VERSION=3.99.97").replace("ARG PLUTO_VERSION=5.22.5", "ARG PLUTO_VERSION=5.99.98"));
            Path cache = top.resolve("cache");
            Run r = run(List.of("bash", script.toString(), "helm", "pluto"),
                    Map.of("PPCTL_TOOLS_CACHE", cache.toString()), 120);
            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
            List<String> failures = r.stderr().lines().filter(l -> l.startsWith("install-real-tools: ")).toList();
            assertThat(failures).as(r.stderr()).hasSize(2);
            assertThat(failures.get(0)).startsWith("install-real-tools: helm 3.99.97 failed to build: ")
                    .contains("helm.sh/helm/v3@v3.99.97").endsWith("(log: " + cache.resolve("logs/helm-3.99.97.log") + ")");
            assertThat(failures.get(1)).startsWith("install-real-tools: pluto 5.99.98 failed to build: ")
                    .contains("github.com/fairwindsops/pluto/v5@v5.99.98").endsWith("(log: " + cache.resolve("logs/pluto-5.99.98.log") + ")");
            assertThat(r.stderr().lines().filter(l -> !l.isBlank()).toList()).as("two 'building' lines and the two failures")
                    .hasSize(4).last().asString().startsWith("install-real-tools: pluto ");
            assertThat(cache.resolve("logs/helm-3.99.97.log")).content().contains("helm.sh/helm/v3@v3.99.97").doesNotContain("pluto");
            assertThat(cache.resolve("logs/pluto-5.99.98.log")).content().contains("pluto/v5@v5.99.98").doesNotContain("helm.sh");
            assertThat(cache.resolve("bin/helm")).doesNotExist();
            assertThat(cache.resolve("bin/pluto")).doesNotExist();
        } finally {
            TestProject.deleteTree(top);
        }
    }

    /** The installer in a repository of its own under {@code top}, with this Dockerfile (and the real ScanConfig). */
    private static Path installerCopy(Path top, String dockerfile) throws IOException {
        Path script = top.resolve("scripts/install-real-tools.sh");
        Files.createDirectories(script.getParent());
        Files.copy(SCRIPT, script);
        Files.writeString(top.resolve("Dockerfile"), dockerfile);
        Path scan = top.resolve("src/main/java/io/ppctl/config/ScanConfig.java");
        Files.createDirectories(scan.getParent());
        Files.copy(RepoFiles.path("src/main/java/io/ppctl/config/ScanConfig.java"), scan);
        return script;
    }

    private static Run run(List<String> cmd, Map<String, String> env, long timeoutSeconds) {
        try {
            Path out = Files.createTempFile("ppctl-installer-out", ".txt");
            Path err = Files.createTempFile("ppctl-installer-err", ".txt");
            try {
                ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().putAll(env);
                long started = System.nanoTime();
                Process p = pb.start();
                p.getOutputStream().close();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor();
                    throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s");
                }
                long millis = (System.nanoTime() - started) / 1_000_000;
                return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), millis);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
