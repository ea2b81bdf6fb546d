package io.ppctl.rules;

import io.ppctl.core.PpctlException;
import io.ppctl.project.Project;
import io.ppctl.push.GateSettings;
import io.ppctl.testing.SpecialFiles;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Row 9 of issue 15: a gate passes only for the image and the configuration push runs with. */
class GateRecordTest {
    private static final String IMAGE = "sha256:" + "ab".repeat(32);
    private final TestProject project = TestProject.create().write("VERSION", "v1.0.0\n")
            .write("ppctl.yaml", "smokeTests:\n  commands:\n    - {name: strict, command: [kyverno, version], expectedOutput: ['1\\.15\\.2']}\n")
            .write("lax.yaml", "smokeTests:\n  commands:\n    - {name: lax, command: [true]}\n");

    @AfterEach
    void remove() {
        project.close();
    }

    private Project open(String config) {
        return Project.open(project.dir(), config == null ? null : Path.of(config), Map.of());
    }

    private static void passAll(Project p) {
        GateSettings.current(p).forEach((gate, digest) -> GateRecord.record(p, IMAGE, gate, digest, true, "ok"));
    }

    @Test
    void aPassUnderALooserConfigDoesNotEraseAFailureUnderTheCurrentOne() {
        Project strict = open(null);
        Project lax = open("lax.yaml");
        assertThat(GateSettings.current(strict).get(ReleaseStep.SMOKE_TEST)).isNotEqualTo(GateSettings.current(lax).get(ReleaseStep.SMOKE_TEST));
        assertThat(GateSettings.current(strict).get(ReleaseStep.SCAN)).isEqualTo(GateSettings.current(lax).get(ReleaseStep.SCAN));

        passAll(strict);
        GateRecord.record(strict, IMAGE, ReleaseStep.SMOKE_TEST, GateSettings.current(strict).get(ReleaseStep.SMOKE_TEST), false, "1 passed, 1 failed");
        passAll(lax);

        assertThatThrownBy(() -> GateRecord.requirePassed(strict, IMAGE, "img:v1.0.0", GateSettings.current(strict)))
                .isInstanceOf(PpctlException.class).hasMessageContaining("smoke-test (failed: 1 passed, 1 failed)")
                .extracting(e -> ((PpctlException) e).exitCode().code()).isEqualTo(1);
        GateRecord.requirePassed(lax, IMAGE, "img:v1.0.0", GateSettings.current(lax));
    }

    @Test
    void aPassUnderAnotherConfigIsNotAPassUnderThisOne() {
        Project strict = open(null);
        passAll(open("lax.yaml"));
        assertThatThrownBy(() -> GateRecord.requirePassed(strict, IMAGE, "img:v1.0.0", GateSettings.current(strict)))
                .hasMessageContaining("smoke-test (not run under this configuration; its record is for another)");
    }

    @Test
    void aChangedIgnoreFileIsAnotherScanConfiguration() {
        String before = GateSettings.current(open(null)).get(ReleaseStep.SCAN);
        project.write(".trivyignore", "CVE-2024-0001\n");
        assertThat(GateSettings.current(open(null)).get(ReleaseStep.SCAN)).isNotEqualTo(before);
    }

    // Rows 4/16: push read .trivyignore again, whole, for the scan gate's settings: 8 GiB was an OutOfMemoryError.
    @Test
    void aHugeIgnoreFileIsASettingOfItsOwnNotACrash() {
        Map<ReleaseStep, String> readable = GateSettings.current(open(null));
        SpecialFiles.huge(project.path(".trivyignore"), "CVE-2024-0001\n");
        Map<ReleaseStep, String> huge = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> GateSettings.current(open(null)));
        assertThat(huge.get(ReleaseStep.SCAN)).isNotEqualTo(readable.get(ReleaseStep.SCAN));
        assertThat(huge.get(ReleaseStep.SMOKE_TEST)).isEqualTo(readable.get(ReleaseStep.SMOKE_TEST));
    }
}
