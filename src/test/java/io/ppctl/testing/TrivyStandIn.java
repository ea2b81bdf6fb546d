package io.ppctl.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The Trivy stand-in (fixtures/trivy/stand-in/trivy) staged in a folder: the executable script and, beside it in
 * {@code reports/}, the Trivy reports it hands out (fixtures/trivy/NAME.json), as the script expects them.
 */
public final class TrivyStandIn {
    private TrivyStandIn() {}

    /** Writes {@code dir/trivy} and {@code dir/reports/REPORT.json} for each report; returns the script. */
    public static Path stage(Path dir, String... reports) {
        try {
            Files.createDirectories(dir.resolve("reports"));
            Path script = dir.resolve("trivy");
            Files.writeString(script, Fixtures.text("trivy/stand-in/trivy"));
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String report : reports) {
                try (InputStream in = TrivyStandIn.class.getResourceAsStream("/fixtures/trivy/" + report + ".json")) {
                    if (in == null) {
                        throw new IllegalArgumentException("no fixture trivy/" + report + ".json");
                    }
                    Files.copy(in, dir.resolve("reports").resolve(report + ".json"));
                }
            }
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A scanner image with the staged stand-in as its entrypoint, built FROM the busybox base. */
    public static String image(String tag, String... reports) {
        Path dir = TestDocker.tempDir("ppctl-trivy-stand-in");
        try {
            stage(dir, reports);
            Files.writeString(dir.resolve("Dockerfile"), "FROM " + TestDocker.baseImage() + "\n"
                    + "COPY trivy /usr/local/bin/trivy\n"
                    + "COPY reports /opt/trivy-stand-in/reports\n"
                    + "ENV TRIVY_STAND_IN_REPORTS=/opt/trivy-stand-in/reports\n"
                    + "ENTRYPOINT [\"trivy\"]\n");
            TestDocker.build(dir, tag);
            return tag;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TestProject.deleteTree(dir);
        }
    }
}
