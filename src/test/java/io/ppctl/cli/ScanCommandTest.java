package io.ppctl.cli;

import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `ppctl scan` input checks. They all happen before Docker is asked: the tests point DOCKER_HOST at a socket that
 * does not exist, so reaching Docker would be exit 3, not the exit 2 they expect.
 */
class ScanCommandTest {
    private static final Map<String, String> NO_DOCKER = Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock");
    private TestProject project;

    @BeforeEach
    void create() {
        project = TestProject.create().write("VERSION", "v1.0.0\n");
    }

    @AfterEach
    void remove() {
        project.close();
    }

    private CliResult scan(String... args) {
        List<String> all = new ArrayList<>(List.of("-C", project.dir().toString(), "scan", "--image", "policy-platform:v1.0.0"));
        all.addAll(List.of(args));
        return Cli.run(NO_DOCKER, all.toArray(String[]::new));
    }

    @Test
    void aBrokenIgnoreFileIsExitTwoWithEveryProblemAndItsLine() {
        project.write(".trivyignore", "CVE-2019-14697 exp:2025-02-30\n# fine\nCVE-1 CVE-2\n");
        CliResult r = scan();
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderrLines()).last().isEqualTo("ppctl: .trivyignore:1: 'exp:2025-02-30' is not a date; write exp:YYYY-MM-DD; "
                + ".trivyignore:3: unexpected 'CVE-2' after CVE-1; one ID per line, optionally followed by exp:YYYY-MM-DD and a # comment");
    }

    @Test
    void aSystemFolderAsTheCacheIsExitTwoBeforeDockerIsAsked() {
        project.write("ppctl.yaml", "scan:\n  cacheDir: /var/run\n");
        CliResult r = scan();
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderrLines()).last().asString().startsWith("ppctl: scan.cacheDir: /var/run (/run) is a system folder");
    }

    @Test
    void anIgnoreFileTheUserNamedMustExist() {
        CliResult flag = scan("--ignore-file", project.path("accepted-risks.txt").toString());
        assertThat(flag.exitCode()).as(flag.toString()).isEqualTo(2);
        assertThat(flag.stderr()).contains("accepted-risks.txt: ignore file not found (check --ignore-file / scan.ignoreFile)");

        project.write("ppctl.yaml", "scan:\n  ignoreFile: security/trivyignore\n");
        CliResult config = scan();
        assertThat(config.exitCode()).as(config.toString()).isEqualTo(2);
        assertThat(config.stderr()).contains("security/trivyignore: ignore file not found");
    }

    @Test
    void trivysYamlIgnoreFormatIsRefused() {
        project.write(".trivyignore.yaml", "vulnerabilities:\n  - id: CVE-2019-14697\n");
        CliResult r = scan("--ignore-file", project.path(".trivyignore.yaml").toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains("ppctl reads Trivy's plain ignore file");
    }

    @Test
    void anUnknownThresholdIsExitTwo() {
        CliResult flag = scan("--fail-on", "SEVERE");
        assertThat(flag.exitCode()).as(flag.toString()).isEqualTo(2);
        assertThat(flag.stderrLines()).last().isEqualTo("ppctl: --fail-on 'SEVERE' is not one of LOW, MEDIUM, HIGH, CRITICAL");

        project.write("ppctl.yaml", "scan:\n  failOn: UNKNOWN\n");
        CliResult config = scan();
        assertThat(config.exitCode()).as(config.toString()).isEqualTo(2);
        assertThat(config.stderr()).contains("scan.failOn: 'UNKNOWN' is not one of LOW, MEDIUM, HIGH, CRITICAL");
    }

    @Test
    void aReportPathThatIsAFolderIsExitTwo() {
        CliResult r = scan("--sarif", project.dir().toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains(project.dir() + " is a folder; name the report file to write");
    }

    @Test
    void withValidInputTheMissingDaemonIsExitThree() {
        project.write(".trivyignore", "CVE-2019-14697 exp:2030-01-01\n");
        CliResult r = scan();
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderr()).contains("cannot reach the Docker daemon at unix:///nonexistent/docker.sock");
    }

    @Test
    void helpNamesTheOptionsAndExitCodes() {
        CliResult r = Cli.run("scan", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("--image", "--fail-on", "--[no-]ignore-unfixed", "--ignore-file", "--[no-]skip-db-update",
                "--report", "--sarif", "--junit", "Exit 0 passed, 1 the gate failed");
    }
}
