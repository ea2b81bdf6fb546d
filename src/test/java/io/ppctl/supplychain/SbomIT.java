package io.ppctl.supplychain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.testing.StandinImage;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.RegistryContent;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestKeys;
import io.ppctl.testing.TestProject;
import io.ppctl.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SBOM path end to end: scan converts its own report (trivy convert) into CycloneDX and SPDX under target/ppctl/sbom,
 * push attests them beside the gate results (with the scan's and the integration tests' real details), verify counts
 * the packages, the real cosign verifies the SPDX and gate-results attestations. Trivy here is
 * the STAND-IN (fixtures/trivy/stand-in): its convert writes a minimal SBOM of the report's package names. The same
 * path with the real Trivy and its test-made DB: RealTrivyScanIT#theSbomsComeFromThisScansOwnReportAndListTheImagesPackages.
 */
class SbomIT {
    private static TestRegistry registry;
    private static Path work;
    private static TestProject project;
    private static KeyPair pair;

    @BeforeAll
    static void start() throws Exception {
        registry = TestRegistry.start("reg-" + UUID.randomUUID());
        work = TestDocker.tempDir("ppctl-sbom");
        io.ppctl.testing.TrivyStandIn.stage(work, "alpine-39");
        // ppctl checks that a --skip-db-update cache holds a DB (an empty one made by the test, as in ReleaseIT).
        io.ppctl.testing.TrivyDb.create().writeTo(work.resolve("cache"));
        // The stand-in platform image (helm, kyverno stand-ins and their charts and policies): integration tests run.
        StandinImage.ref();
        registry.dockerConfig(work.resolve("docker"), registry.host());
        pair = TestKeys.ecP256();
        TestKeys.write(work.resolve("cosign.pub"), TestKeys.publicPem(pair));
        String repo = registry.host() + "/" + TestDocker.prefix() + "/sbom";
        project = TestProject.git().write("VERSION", "v3.0.0\n").write(".gitignore", "target/\n")
                .write("id", UUID.randomUUID() + "\n")
                // COPY, not RUN: the stand-in platform image runs as a non-root user, as the real one does.
                .write("Dockerfile", "FROM " + StandinImage.ref() + "\nLABEL trivy-stand-in.report=alpine-39\n"
                        + "COPY id /id\n")
                // The two CRITICAL musl findings are accepted, so the gate passes with 4 MEDIUM below the threshold.
                .write(".trivyignore", "CVE-2019-14697\n")
                .write("cosign.key", TestKeys.pem("PRIVATE KEY", pair.getPrivate().getEncoded()))
                .write("ppctl.yaml", String.join("\n",
                        "image: {name: " + TestDocker.prefix() + "-sbom}",
                        "registries:",
                        "  - {name: one, repository: " + repo + "}",
                        "scan: {trivy: " + work.resolve("trivy") + ", skipDbUpdate: true, cacheDir: " + work.resolve("cache") + "}",
                        "smokeTests: {files: [{path: /id}]}",
                        "integrationTests:",
                        StandinImage.integrationCases(true),
                        "signing: {key: cosign.key, sbom: [cyclonedx, spdx-json]}",
                        ""))
                .commit("v3.0.0");
    }

    @AfterAll
    static void stop() {
        project.close();
        registry.close();
        TestProject.deleteTree(work);
        TestDocker.cleanup();
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PPCTL_ONE_USERNAME", TestRegistry.USER);
        env.put("PPCTL_ONE_PASSWORD", registry.password());
        env.put("DOCKER_CONFIG", work.resolve("docker").toString());
        env.put("TRIVY_STAND_IN_REPORTS", work.resolve("reports").toString());
        return env;
    }

    @Test
    void releaseWritesTheSbomsFromItsOwnScanAndAttestsThemWithTheGateResults() throws Exception {
        CliResult release = Cli.inProject(project.dir(), env(), "release");
        assertThat(release.exitCode()).as(release.toString()).isZero();
        // crane, a second client: every tag of the release, one digest (the one ppctl printed), the commit's labels.
        RegistryContent.Release seen = RegistryContent.release(registry, TestDocker.prefix() + "/sbom",
                List.of("v3.0.0", "sha-" + project.head().substring(0, 7), "latest"));
        assertThat(release.stdout()).contains(TestDocker.prefix() + "/sbom:v3.0.0@" + seen.digest());
        assertThat(seen.labels()).containsEntry("org.opencontainers.image.version", "v3.0.0")
                .containsEntry("org.opencontainers.image.revision", project.head());
        String id = TestDocker.docker("image", "inspect", "--format", "{{.Id}}", TestDocker.prefix() + "-sbom:v3.0.0").trim();
        io.ppctl.project.Project p = io.ppctl.project.Project.open(project.dir(), null, Map.of());
        JsonNode cdx = new ObjectMapper().readTree(Sbom.path(p, id, "cyclonedx").toFile());
        assertThat(cdx.path("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(cdx.path("components").findValuesAsText("name")).containsExactly("libcrypto1.1", "libssl1.1", "musl", "musl-utils");
        assertThat(new ObjectMapper().readTree(Sbom.path(p, id, "spdx-json").toFile()).path("spdxVersion").asText()).isEqualTo("SPDX-2.3");

        // The release report lists the signature, the attestations and the SBOMs with their digests.
        JsonNode report = new ObjectMapper().readTree(project.path("target/ppctl/release-report.json").toFile());
        JsonNode signed = report.path("signed").get(0);
        assertThat(signed.path("attestations").findValuesAsText("name"))
                .containsExactly("provenance", "gate-results", "sbom-cyclonedx", "sbom-spdx-json");
        assertThat(signed.path("attestations").findValuesAsText("digest")).allMatch(d -> d.matches("sha256:[0-9a-f]{64}"));
        assertThat(signed.path("signatureManifest").asText()).matches("sha256:[0-9a-f]{64}");
        assertThat(report.path("sbom").findValuesAsText("format")).containsExactly("cyclonedx", "spdx-json");
        assertThat(report.path("sbom").findValuesAsText("sha256")).allMatch(d -> d.matches("sha256:[0-9a-f]{64}"));

        CliResult verify = Cli.run(Map.of("DOCKER_CONFIG", work.resolve("docker").toString()), "verify",
                registry.host() + "/" + TestDocker.prefix() + "/sbom:v3.0.0", "--key", work.resolve("cosign.pub").toString(),
                "--output", "json");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        JsonNode v = new ObjectMapper().readTree(verify.stdout());
        assertThat(v.path("sbomPackages").asInt()).isEqualTo(4);
        assertThat(v.path("gates").path("scan").path("summary").asText()).contains("PASSED at CRITICAL");

        // The gate attestation carries the scan's own figures, not just its summary line.
        RegistryClientFor c = new RegistryClientFor();
        JsonNode gates = c.statement(v.path("digest").asText(), GateResults.PREDICATE_TYPE);
        JsonNode scanGate = gates.path("predicate").path("gates").path("scan").path("details");
        assertThat(scanGate.path("threshold").asText()).isEqualTo("CRITICAL");
        assertThat(scanGate.path("dbUpdatedAt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*");
        assertThat(scanGate.path("findingsBySeverity").path("CRITICAL").path("ignored").asInt()).isEqualTo(2);
        assertThat(scanGate.path("findingsBySeverity").path("MEDIUM").path("total").asInt()).isEqualTo(4);
        assertThat(gates.path("predicate").path("gates").path("smoke-test").path("details").path("failedChecks")).isEmpty();
        assertThat(gates.path("predicate").path("gates").path("smoke-test").path("details").path("total").asInt()).isPositive();
        assertThat(gates.path("predicate").path("configDigest").path("sha256").asText()).hasSize(64);

        // The real cosign accepts the SPDX attestation and the gate results, whose integration-test entry carries the
        // run's own counts (both cases, the expected rejection included) and no failed check.
        String ref = registry.host() + "/" + TestDocker.prefix() + "/sbom@" + v.path("digest").asText();
        JsonNode spdx = cosignStatement(ref, "spdxjson");
        assertThat(spdx.path("predicateType").asText()).isEqualTo(Sbom.SPDX_PREDICATE);
        assertThat(spdx.path("predicate").path("spdxVersion").asText()).isEqualTo("SPDX-2.3");
        assertThat(spdx.path("subject").get(0).path("digest").path("sha256").asText())
                .isEqualTo(v.path("digest").asText().substring(7));
        JsonNode gateResults = cosignStatement(ref, GateResults.PREDICATE_TYPE).path("predicate").path("gates");
        assertThat(gateResults.fieldNames()).toIterable().containsExactly("smoke-test", "integration-test", "scan");
        JsonNode integration = gateResults.path("integration-test");
        assertThat(integration.path("passed").asBoolean(false)).as(integration.toString()).isTrue();
        assertThat(integration.path("summary").asText()).contains("2 passed");
        assertThat(integration.path("details").path("total").asInt()).isEqualTo(2);
        assertThat(integration.path("details").path("passed").asInt()).isEqualTo(2);
        assertThat(integration.path("details").path("failed").asInt()).isZero();
        assertThat(integration.path("details").path("failedChecks")).isEmpty();
        assertThat(v.path("gates").path("integration-test").path("passed").asBoolean(false)).isTrue();
    }

    /** The in-toto statement of the one attestation of {@code type} that the real cosign verified with the key. */
    private static JsonNode cosignStatement(String ref, String type) throws Exception {
        io.ppctl.testing.TestDocker.Result r = SupplyChainIT.offline(work.resolve("docker"), work, "cosign",
                "verify-attestation", "--key", work.resolve("cosign.pub").toString(), "--insecure-ignore-tlog=true",
                "--type", type, ref);
        assertThat(r.exitCode()).as(type + ": " + r.output()).isZero();
        java.util.List<String> envelopes = r.output().lines().filter(l -> l.startsWith("{") && l.contains("\"payloadType\""))
                .toList();
        assertThat(envelopes).as(r.output()).hasSize(1);
        JsonNode envelope = new ObjectMapper().readTree(envelopes.get(0));
        return new ObjectMapper().readTree(Base64.getDecoder().decode(envelope.path("payload").asText()));
    }

    /**
     * The real Trivy 0.67.2 takes ppctl's convert command line: scan's `trivy image` is still the stand-in (no
     * vulnerability DB here yet), its `trivy convert` is the real binary, run on the report the stand-in wrote
     * (Trivy's own golden alpine-3.9 report, which lists the OS but no package inventory).
     */
    @Test
    void theRealTrivyConvertsTheScansReport() throws Exception {
        Path wrapper = work.resolve("trivy-convert-real");
        Files.writeString(wrapper, "#!/bin/sh\nif [ \"$1\" = convert ]; then exec "
                + io.ppctl.testing.RealTools.binary("trivy") + " \"$@\"; fi\nexec " + work.resolve("trivy") + " \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (TestProject real = TestProject.git().write("VERSION", "v1.0.0\n").write(".gitignore", "target/\n")
                .write("Dockerfile", "FROM " + TestDocker.baseImage() + "\nLABEL trivy-stand-in.report=alpine-39\n"
                        + "RUN echo " + UUID.randomUUID() + " > /id\n")
                .write(".trivyignore", "CVE-2019-14697\n")
                .write("ppctl.yaml", String.join("\n",
                        "image: {name: " + TestDocker.prefix() + "-sbom-real}",
                        "scan: {trivy: " + wrapper + ", skipDbUpdate: true, cacheDir: " + work.resolve("cache") + "}",
                        "signing: {sbom: [cyclonedx, spdx-json]}",
                        ""))
                .commit("v1.0.0")) {
            assertThat(Cli.inProject(real.dir(), env(), "build").exitCode()).isZero();
            CliResult scan = Cli.inProject(real.dir(), env(), "scan");
            assertThat(scan.exitCode()).as(scan.toString()).isZero();
            String id = TestDocker.docker("image", "inspect", "--format", "{{.Id}}", TestDocker.prefix() + "-sbom-real:v1.0.0").trim();
            io.ppctl.project.Project p = io.ppctl.project.Project.open(real.dir(), null, Map.of());
            JsonNode cdx = new ObjectMapper().readTree(Sbom.path(p, id, "cyclonedx").toFile());
            assertThat(cdx.path("bomFormat").asText()).isEqualTo("CycloneDX");
            assertThat(cdx.path("metadata").path("tools").toString()).contains("trivy").doesNotContain("stand-in");
            assertThat(cdx.path("components").findValuesAsText("name")).contains("alpine");
            JsonNode spdx = new ObjectMapper().readTree(Sbom.path(p, id, "spdx-json").toFile());
            assertThat(spdx.path("spdxVersion").asText()).isEqualTo("SPDX-2.3");
            assertThat(spdx.path("creationInfo").path("creators").toString()).contains("Tool: trivy");
        }
    }

    /** Reads an attestation's statement straight from the registry. */
    private static final class RegistryClientFor {
        JsonNode statement(String digest, String predicateType) throws Exception {
            io.ppctl.registry.RegistryClient c = new io.ppctl.registry.RegistryClient(new io.ppctl.config.RegistryConfig("one",
                    registry.host() + "/" + TestDocker.prefix() + "/sbom", true),
                    java.util.Optional.of(io.ppctl.registry.Credentials.password(TestRegistry.USER, registry.password(), "t")),
                    new io.ppctl.registry.Retry(io.ppctl.config.PushConfig.DEFAULT, l -> { }));
            for (CosignLayout.Layer l : CosignLayout.layers(c.manifest(CosignLayout.attestationTag(digest)).orElseThrow())) {
                if (l.annotation("predicateType").equals(predicateType)) {
                    return new ObjectMapper().readTree(Dsse.parse(c.blob(l.digest(), 1 << 24).orElseThrow()).orElseThrow().payload());
                }
            }
            throw new AssertionError("no " + predicateType + " attestation");
        }
    }
}
