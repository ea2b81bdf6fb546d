package io.ppctl.supplychain;

import io.ppctl.project.Project;
import io.ppctl.testing.SpecialFiles;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Rows 4/16: the build record and the SBOMs under target/ppctl are read bounded; a hostile one counts as none. */
class StateRecordsTest {
    private static final String IMAGE = "sha256:" + "cd".repeat(32);
    private final TestProject project = TestProject.create().write("VERSION", "v1.0.0\n");

    @AfterEach
    void remove() {
        project.close();
    }

    @Test
    void aFifoADeviceOrAHugeFileIsNoRecordAndNeverBlocks() {
        Project p = Project.open(project.dir(), null, Map.of());
        Path file = BuildFacts.file(p, IMAGE);
        for (Runnable make : new Runnable[] {() -> SpecialFiles.fifo(file), () -> SpecialFiles.devZero(file),
                () -> SpecialFiles.huge(file, "{\"imageId\": \"" + IMAGE + "\", \"x\": \"")}) {
            make.run();
            assertThat(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> BuildFacts.load(p, IMAGE))).isEmpty();
        }
    }

    // An 8 GiB SBOM was read whole for its attestation: an OutOfMemoryError (exit 4) in the middle of a push.
    @Test
    void aHugeSbomIsNotAttachedWithAWarningNamingTheBound() {
        Project p = Project.open(project.dir(), null, Map.of());
        SpecialFiles.huge(Sbom.path(p, IMAGE, "cyclonedx"), "{\"bomFormat\": \"CycloneDX\", \"pad\": \"");
        List<String> warnings = new ArrayList<>();
        List<Attacher.Attestation> out = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> SupplyChain.attestations(
                p, IMAGE, "127.0.0.1:5000/app", "sha256:" + "ef".repeat(32), Map.of(), warnings::add));
        assertThat(out).extracting(Attacher.Attestation::name).doesNotContain("sbom-cyclonedx");
        assertThat(warnings).anyMatch(w -> w.contains(".cdx.json is 8 GiB, larger than 256 MiB") && w.endsWith("; not attached"));
    }
}
