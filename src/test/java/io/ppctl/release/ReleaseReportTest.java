package io.ppctl.release;

import io.ppctl.project.Project;
import io.ppctl.supplychain.Sbom;
import io.ppctl.testing.SpecialFiles;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Rows 4/16: the report hashes the SBOMs it lists, reading each up to the report bound. */
class ReleaseReportTest {
    private static final String IMAGE = "sha256:" + "cd".repeat(32);
    private final TestProject project = TestProject.create().write("VERSION", "v1.0.0\n");

    @AfterEach
    void remove() {
        project.close();
    }

    @Test
    void aHugeSbomIsListedWithoutItsHash() {
        Project p = Project.open(project.dir(), null, Map.of());
        project.write(p.dir().relativize(Sbom.path(p, IMAGE, "cyclonedx")).toString(), "{\"bomFormat\": \"CycloneDX\"}\n");
        SpecialFiles.huge(Sbom.path(p, IMAGE, "spdx-json"), "{\"spdxVersion\": \"");
        List<ReleaseReport.SbomFile> files = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> ReleaseReport.sbomFiles(p, IMAGE));
        assertThat(files).extracting(ReleaseReport.SbomFile::format).containsExactly("cyclonedx", "spdx-json");
        assertThat(files.get(0).sha256()).startsWith("sha256:");
        assertThat(files.get(1).sha256()).isNull();
    }
}
