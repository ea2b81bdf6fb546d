package io.ppctl.build;

import io.ppctl.testing.CiBaseImage;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.ProjectCopy;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import io.ppctl.version.BumpAdvisor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's own Dockerfile with {@code TOOLS_SOURCE=local} on the CI base (as ProjectReleaseIT builds it), when the
 * folder holds a binary that is not the pinned version: the tools stage stops with its one line naming the tool, what
 * it printed and the pin, and ppctl names the step that failed (exit 1). kyverno and pluto are the real ones, so the
 * check that refuses helm (the last) is reached only after theirs passed.
 */
class LocalToolsBuildIT {
    private static final String PRINTS = "v3.18.4+g0123456";
    private static TestProject project;
    private static String image;

    @BeforeAll
    static void copyTheProjectWithAWrongHelm() throws IOException {
        image = TestDocker.prefix() + "-local-tools";
        project = ProjectCopy.create(image, "registries:\n  - name: local\n    repository: 127.0.0.1:5999/local-tools\n");
        Path helm = project.path("tools/helm");
        // A hard link to the real helm of the shared tool cache: unlink it, never write through it.
        Files.delete(helm);
        Files.writeString(helm, "#!/bin/sh\n# Not the pinned helm: prints another version.\necho '" + PRINTS + "'\n");
        Files.setPosixFilePermissions(helm, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void remove() {
        if (project != null) {
            project.close();
        }
        TestDocker.cleanup();
    }

    @Test
    void aWrongVersionInTheToolsFolderStopsTheBuildWithTheDockerfilesOneLine() throws IOException {
        String pin = BumpAdvisor.toolVersions(Files.readString(ProjectCopy.repoRoot().resolve("Dockerfile"))).get("HELM_VERSION");
        CliResult r = Cli.run(java.util.Map.of(), "-C", project.dir().toString(), "build",
                "--build-arg", "BASE_IMAGE=" + CiBaseImage.ref(), "--build-arg", "TOOLS_SOURCE=local");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        List<String> err = r.stderrLines();
        int at = -1;
        for (int i = 0; i < err.size(); i++) {
            if (err.get(i).startsWith("ppctl: build failed at Step ")) {
                at = i;
            }
        }
        assertThat(at).as("ppctl names the failed step:\n" + r).isNotNegative();
        assertThat(err.get(at)).matches("ppctl: build failed at Step \\d+/\\d+: RUN set -eu; +mkdir -p /out; .*")
                .endsWith("(exit code 1); the last lines of its output:");
        // The tools stage's own line is the last thing the step printed, and it is one line.
        assertThat(err.get(at + 1)).isEqualTo("    | TOOLS_SOURCE=local: tools/helm prints '" + PRINTS
                + "', not the pinned version " + pin);
        assertThat(err.subList(at + 2, err.size())).noneMatch(l -> l.startsWith("    | "));
        assertThat(TestDocker.imageExists(image + ":" + project.read("VERSION").strip())).as("no image tagged").isFalse();
    }
}
