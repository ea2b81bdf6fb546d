package io.ppctl.version;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionFileTest {
    @TempDir
    Path dir;

    @Test
    void refusesAMissingFileAsUsageError() {
        assertThatThrownBy(() -> new VersionFile(dir.resolve("VERSION")).read())
                .isInstanceOf(PpctlException.class)
                .hasMessageContaining("version file not found")
                .extracting(e -> ((PpctlException) e).exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void refusesAnEmptyFile() throws IOException {
        Files.writeString(dir.resolve("VERSION"), "\n  \n");
        assertThatThrownBy(() -> new VersionFile(dir.resolve("VERSION")).read()).hasMessageContaining("is empty");
    }

    @Test
    void refusesANonSemverVersionNamingTheFile() throws IOException {
        Files.writeString(dir.resolve("VERSION"), "v1.2\n");
        assertThatThrownBy(() -> new VersionFile(dir.resolve("VERSION")).read())
                .hasMessageContaining(dir.resolve("VERSION").toString())
                .hasMessageContaining("'v1.2' is not a semantic version");
    }

    @Test
    void refusesSeveralLines() throws IOException {
        Files.writeString(dir.resolve("VERSION"), "v1.2.3\nv1.2.4\n");
        assertThatThrownBy(() -> new VersionFile(dir.resolve("VERSION")).read()).hasMessageContaining("exactly one line");
    }

    @Test
    void writesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        VersionFile f = new VersionFile(dir.resolve("VERSION"));
        Files.writeString(f.path(), "v1.0.2\n");
        f.write(f.read().bump(BumpLevel.MINOR, null));
        assertThat(Files.readString(f.path())).isEqualTo("v1.1.0\n");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("VERSION");
        }
    }
}
