package io.ppctl.scan;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.event.EventBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which scanner runs, decided without Docker whenever a trivy executable settles it. */
class ScannerLocatorTest {
    private Path dir;

    @BeforeEach
    void create() throws Exception {
        dir = Files.createTempDirectory("ppctl-locator");
    }

    @AfterEach
    void remove() {
        io.ppctl.testing.TestProject.deleteTree(dir);
    }

    private Path file(String name, String perms) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        return p;
    }

    private static ScanSettings settings(String trivy, String image) {
        return new ScanSettings(Severity.CRITICAL, false, Path.of(".trivyignore"), false, Path.of("/c"), false, "",
                image, trivy, Duration.ofMinutes(1), null);
    }

    private static Scanner locate(ScanSettings s, Map<String, String> env) {
        return ScannerLocator.locate(s, env, () -> {
            throw new AssertionError("Docker must not be asked when a trivy executable settles it");
        }, EventBus.silent(), "scan");
    }

    @Test
    void findsTheFirstExecutableTrivyOnPath() throws Exception {
        file("a/trivy", "rw-r--r--");
        Path b = file("b/trivy", "rwxr-xr-x");
        file("c/trivy", "rwxr-xr-x");
        String path = dir.resolve("empty") + ":" + dir.resolve("a") + ":" + dir.resolve("b") + ":" + dir.resolve("c");
        assertThat(ScannerLocator.findOnPath(path, "trivy")).contains(b);
        assertThat(ScannerLocator.findOnPath("", "trivy")).isEmpty();
        assertThat(ScannerLocator.findOnPath(null, "trivy")).isEmpty();
    }

    @Test
    void aTrivyOnPathIsUsedBeforeTheScannerImage() throws Exception {
        Path trivy = file("bin/trivy", "rwxr-xr-x");
        Scanner s = locate(settings("", "aquasec/trivy:0.67.2"), Map.of("PATH", dir.resolve("bin").toString()));
        assertThat(s.kind()).isEqualTo("binary");
        assertThat(s.location()).isEqualTo(trivy.toString());
    }

    @Test
    void scanTrivyWinsOverPath() throws Exception {
        file("bin/trivy", "rwxr-xr-x");
        Path pinned = file("pinned/trivy-0.67.2", "rwxr-xr-x");
        Scanner s = locate(settings(pinned.toString(), ""), Map.of("PATH", dir.resolve("bin").toString()));
        assertThat(s.location()).isEqualTo(pinned.toString());
    }

    @Test
    void aScanTrivyThatIsNotExecutableIsAnEnvironmentError() throws Exception {
        Path notExec = file("trivy", "rw-r--r--");
        assertThatThrownBy(() -> locate(settings(notExec.toString(), "x"), Map.of()))
                .isInstanceOfSatisfying(PpctlException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
                    assertThat(e.getMessage()).isEqualTo("scan.trivy: " + notExec + " is not an executable file");
                });
        assertThatThrownBy(() -> locate(settings(dir.resolve("missing").toString(), "x"), Map.of()))
                .hasMessageContaining("is not an executable file");
    }

    @Test
    void withoutTrivyAndWithoutAScannerImageItSaysWhatWasTried() {
        assertThatThrownBy(() -> locate(settings("", ""), Map.of("PATH", dir.toString())))
                .isInstanceOfSatisfying(PpctlException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
                    assertThat(e.getMessage()).isEqualTo("no vulnerability scanner available: scan.trivy is not set; "
                            + "no trivy executable on PATH; scan.image is empty");
                    assertThat(e.hint()).contains("PATH", "scan.trivy", "scan.image", "scan.dbRepository");
                });
    }
}
