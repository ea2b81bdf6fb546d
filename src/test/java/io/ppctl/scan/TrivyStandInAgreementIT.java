package io.ppctl.scan;

import io.ppctl.testing.EngineIndependent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.RealTools;
import io.ppctl.testing.RealTrivy;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import io.ppctl.testing.TrivyStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Trivy stand-in of the fast tier must not drift from the real Trivy: the same images and database through both,
 * and what ppctl reads must be the same. The stand-in hands out reports the real Trivy wrote for these images
 * (fixtures/trivy/planted-*.json); when a new Trivy pin writes something else, this fails and the reports must be
 * written anew (see fixtures/trivy/README.md). Failures are compared too: the exit code and the reason ppctl takes
 * from Trivy's log.
 */
@EngineIndependent
class TrivyStandInAgreementIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String real;
    private static String standIn;
    private static String alpine;
    private static String platform;
    private static Path work;

    @BeforeAll
    static void buildImages() throws IOException {
        real = RealTrivy.image();
        standIn = TrivyStandIn.image(TestDocker.prefix() + "-trivy-stand-in:planted", "planted-alpine", "planted-platform");
        alpine = RealTrivyScanIT.alpineImage(TestDocker.prefix() + "-alpine-like:agree", null);
        platform = RealTrivyScanIT.alpineImage(TestDocker.prefix() + "-platform-like:agree", RealTools.binary("helm"));
        work = TestDocker.tempDir("ppctl-trivy-agreement");
    }

    @AfterAll
    static void removeImages() {
        TestDocker.cleanup();
        TestProject.deleteTree(work);
    }

    /**
     * With {@code -Dppctl.trivy.writeReports=true} the real Trivy's reports replace the stand-in's
     * (src/test/resources/fixtures/trivy/planted-*.json); run again without it to compare.
     */
    @Test
    void ppctlReadsTheSameFindingsVerdictAndReportFieldsFromBoth() throws IOException {
        for (String image : List.of(alpine, platform)) {
            Scan r = scan(real, image);
            if (Boolean.getBoolean("ppctl.trivy.writeReports")) {
                String name = image.equals(alpine) ? "planted-alpine" : "planted-platform";
                Files.writeString(Path.of("src/test/resources/fixtures/trivy", name + ".json"),
                        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r.report.get("trivy")) + "\n");
                continue;
            }
            Scan s = scan(standIn, image);
            String what = image + "\n--- real\n" + r.result + "\n--- stand-in\n" + s.result;
            assertThat(s.result.exitCode()).as(what).isEqualTo(r.result.exitCode()).isEqualTo(1);
            assertThat(s.result.stdout()).as(what).isEqualTo(r.result.stdout());
            for (String field : List.of("findings", "counts", "verdict", "passed", "expiredIgnores")) {
                assertThat(s.report.at("/scan/" + field)).as(field + " of " + what).isEqualTo(r.report.at("/scan/" + field));
            }
            TrivyReport fromReal = TrivyReportParser.parse(r.report.get("trivy").toString());
            TrivyReport fromStandIn = TrivyReportParser.parse(s.report.get("trivy").toString());
            assertThat(fromStandIn.findings()).as(what).isEqualTo(fromReal.findings());
            assertThat(fromStandIn.targets()).as(what).isEqualTo(fromReal.targets());
            assertThat(List.of(fromStandIn.os(), fromStandIn.trivyVersion(), fromStandIn.artifactType(),
                    fromStandIn.artifactName())).as(what).isEqualTo(List.of(fromReal.os(), fromReal.trivyVersion(),
                    fromReal.artifactType(), fromReal.artifactName()));
        }
    }

    @Test
    void bothFailAlikeWithoutADatabaseAndWithAnUnreachableOne() throws Exception {
        Path tar = work.resolve("image.tar");
        TestDocker.docker("save", "-o", tar.toString(), alpine);
        Path standInScript = TrivyStandIn.stage(work.resolve("stand-in"));

        // --skip-db-update with an empty cache (ppctl checks this itself first; the stand-in must still be honest).
        Run realEmpty = run(RealTrivy.binary(), tar, work.resolve("empty-real"), true, "", Map.of());
        Run standInEmpty = run(standInScript, tar, work.resolve("empty-stand-in"), true, "", Map.of());
        assertThat(standInEmpty.exitCode).as(realEmpty + "\n" + standInEmpty).isEqualTo(realEmpty.exitCode).isEqualTo(1);
        assertThat(ScannerFailure.reason(standInEmpty.stderr)).isEqualTo(ScannerFailure.reason(realEmpty.stderr));

        // A database due for an update and a mirror that does not answer.
        String mirror = "127.0.0.1:1/aquasec/trivy-db:2";
        Path stale = work.resolve("stale");
        RealTrivyScanIT.planted().updatedAt(Instant.now().minus(Duration.ofDays(3))).writeTo(stale);
        Run realDown = run(RealTrivy.binary(), tar, stale, false, mirror, Map.of());
        Run standInDown = run(standInScript, tar, work.resolve("down-stand-in"), false, mirror,
                Map.of("TRIVY_STAND_IN_MODE", "db-unreachable"));
        assertThat(standInDown.exitCode).as(realDown + "\n" + standInDown).isEqualTo(realDown.exitCode).isEqualTo(1);
        String prefix = "FATAL Fatal error run error: init error: DB error: failed to download vulnerability DB: OCI artifact error: "
                + "failed to download vulnerability DB: failed to download artifact from " + mirror + ": OCI repository error: "
                + "1 error occurred: * Get \"https://127.0.0.1:1/v2/\": dial tcp";
        assertThat(ScannerFailure.reason(realDown.stderr)).as(realDown.toString()).startsWith(prefix);
        assertThat(ScannerFailure.reason(standInDown.stderr)).as(standInDown.toString()).startsWith(prefix);
        for (Run run : List.of(realDown, standInDown)) {
            assertThat(ScannerFailure.exited("Trivy", run.exitCode, run.stderr).hint()).isEqualTo(ScannerFailure.DB_HINT);
        }

        // A flag this Trivy does not know (what an older Trivy makes of a newer ppctl's command line).
        Run realFlag = run(RealTrivy.binary(), tar, stale, true, "", Map.of(), "--bogus");
        Run standInFlag = run(standInScript, tar, stale, true, "", Map.of(), "--bogus");
        assertThat(standInFlag.exitCode).isEqualTo(realFlag.exitCode).isEqualTo(1);
        assertThat(ScannerFailure.reason(standInFlag.stderr)).isEqualTo(ScannerFailure.reason(realFlag.stderr))
                .isEqualTo("FATAL Fatal error unknown flag: --bogus");
    }

    private record Scan(CliResult result, JsonNode report) {}

    /** ppctl scan of {@code image} with {@code scanner}, the planted database, offline, failing at HIGH. */
    private static Scan scan(String scanner, String image) throws IOException {
        try (TestProject project = TestProject.create().write("VERSION", "v1.0.0\n")) {
            Path cache = Files.createDirectories(work.resolve("cache-" + System.nanoTime()));
            RealTrivyScanIT.planted().writeTo(cache);
            project.write("ppctl.yaml", "scan:\n  image: " + scanner + "\n  skipDbUpdate: true\n  failOn: HIGH\n"
                    + "  cacheDir: " + cache + "\n");
            Path tmp = Files.createDirectories(work.resolve("tmp-" + System.nanoTime()));
            Path report = project.path("scan.json");
            List<String> args = new ArrayList<>(List.of("-C", project.dir().toString(), "scan", "--image", image,
                    "--report", report.toString()));
            CliResult r = Cli.run(new HashMap<>(Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "TMPDIR", tmp.toString())),
                    args.toArray(String[]::new));
            assertThat(report).as(r.toString()).isRegularFile();
            return new Scan(r, JSON.readTree(report.toFile()));
        }
    }

    private record Run(int exitCode, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n" + stderr;
        }
    }

    /** One run of a trivy executable with the command line ppctl gives it. */
    private static Run run(Path trivy, Path tar, Path cache, boolean skipDbUpdate, String dbRepository,
                           Map<String, String> env, String... extraArgs) throws Exception {
        Files.createDirectories(cache);
        Path out = Files.createDirectories(work.resolve("out-" + System.nanoTime()));
        ScanSettings s = new ScanSettings(Severity.CRITICAL, false, work.resolve(".trivyignore"), false, cache, skipDbUpdate,
                dbRepository, "", trivy.toString(), Duration.ofSeconds(60), work);
        List<String> cmd = new ArrayList<>(List.of(trivy.toString()));
        cmd.addAll(TrivyCommand.args(tar.toString(), out.resolve("report.json").toString(), cache.toString(), s));
        cmd.addAll(List.of(extraArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(out.toFile()).redirectOutput(out.resolve("stdout").toFile())
                .redirectError(out.resolve("stderr").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(trivy + " did not finish within 120 s");
        }
        return new Run(p.exitValue(), Files.readString(out.resolve("stderr")));
    }
}
