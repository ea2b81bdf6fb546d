package io.ppctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ppctl.build.BuildResult;
import io.ppctl.build.SizeReport;
import io.ppctl.context.ContextArchive;
import io.ppctl.core.JsonMappers;
import io.ppctl.docker.LocalImages;
import io.ppctl.policies.PolicyLabels;
import io.ppctl.project.BuildRecord;
import io.ppctl.push.PushResult;
import io.ppctl.release.ReleaseCheck;
import io.ppctl.release.ReleaseReport;
import io.ppctl.supplychain.Attached;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON other programs read, field by field and in order: the release report (target/ppctl/release-report.json),
 * `ppctl build --output json` and the last-build record. A change to these records that changes a name, the order or
 * the nesting fails here; a new field shows up here and is added on purpose.
 */
class JsonShapesTest {
    private static final Instant T0 = Instant.parse("2026-03-18T09:15:02Z");
    private static final Instant T1 = Instant.parse("2026-03-18T09:16:05Z");

    private static String json(Object value) throws JsonProcessingException {
        return JsonMappers.files().writeValueAsString(value).replace("\r\n", "\n");
    }

    @Test
    void theReleaseReport() throws JsonProcessingException {
        ReleaseReport.Checks smoke = new ReleaseReport.Checks(3, 1, List.of("user"));
        ReleaseReport.Checks integration = new ReleaseReport.Checks(5, 0, List.of());
        ReleaseReport.Scan scan = new ReleaseReport.Scan("passed", true, "HIGH", Map.of("HIGH", 0));
        ReleaseReport.SbomFile sbom = new ReleaseReport.SbomFile("cyclonedx", "target/ppctl/sbom.cdx.json", "sha256:5b");
        ReleaseReport report = ReleaseReport.builder().status("released").version("v1.2.3").commit("abc1234").dirty(true)
                .startedAt(T0).finishedAt(T1).durationSeconds(63.0).ppctl("ppctl 0.1.0")
                .image(new ReleaseReport.Image("sha256:1d", "policy-platform:v1.2.3", 1024L, 7))
                .tools(Map.of("HELM_VERSION", "3.19.0"))
                .policies(new TreeMap<>(Map.of("network", new PolicyLabels.PolicyVersion("network", "c0ffee", "main", "git@x:n.git"))))
                .localTags(List.of("policy-platform:latest"))
                .pushed(List.of(new PushResult.PushedTag("ghcr.io", "ghcr.io/acme/pp:v1.2.3", "sha256:d1")))
                .preflight(List.of(new ReleaseCheck("daemon", true, "20.10", 0.1)))
                .steps(List.of(new ReleaseReport.Step("build", "passed", 12.5, "built")))
                .skipped(List.of(new ReleaseReport.Skipped("integration-test", "--skip", true)))
                .smokeTest(smoke).integrationTest(integration).scan(scan)
                .failure(new ReleaseReport.Failure("push", 4, "denied")).gitTag("v1.2.3").versionCommit("feedbee")
                .signed(List.of(new Attached("sha256:d1", "sha256-d1.sig", "sha256:51", "sha256:1a", null, null, null, null, null,
                        "ab:cd")))
                .sbom(List.of(sbom))
                .platforms(List.of(new ReleaseReport.PlatformImage("linux/arm64", "sha256:2e", 2048L, Map.of("smoke-test", "passed"),
                        smoke, integration, scan, List.of(sbom),
                        List.of(new PushResult.PlatformImage("ghcr.io", "linux/arm64", "ghcr.io/acme/pp", "sha256:e2")))))
                .build();
        assertThat(json(report)).isEqualTo("""
                {
                  "status" : "released",
                  "version" : "v1.2.3",
                  "commit" : "abc1234",
                  "dirty" : true,
                  "startedAt" : "2026-03-18T09:15:02Z",
                  "finishedAt" : "2026-03-18T09:16:05Z",
                  "durationSeconds" : 63.0,
                  "ppctl" : "ppctl 0.1.0",
                  "image" : {
                    "id" : "sha256:1d",
                    "reference" : "policy-platform:v1.2.3",
                    "size" : 1024,
                    "layers" : 7
                  },
                  "tools" : {
                    "HELM_VERSION" : "3.19.0"
                  },
                  "policies" : {
                    "network" : {
                      "name" : "network",
                      "commit" : "c0ffee",
                      "ref" : "main",
                      "source" : "git@x:n.git"
                    }
                  },
                  "localTags" : [ "policy-platform:latest" ],
                  "pushed" : [ {
                    "registry" : "ghcr.io",
                    "reference" : "ghcr.io/acme/pp:v1.2.3",
                    "digest" : "sha256:d1"
                  } ],
                  "preflight" : [ {
                    "name" : "daemon",
                    "passed" : true,
                    "detail" : "20.10",
                    "seconds" : 0.1
                  } ],
                  "steps" : [ {
                    "name" : "build",
                    "status" : "passed",
                    "seconds" : 12.5,
                    "message" : "built"
                  } ],
                  "skipped" : [ {
                    "step" : "integration-test",
                    "reason" : "--skip",
                    "forced" : true
                  } ],
                  "smokeTest" : {
                    "passed" : 3,
                    "failed" : 1,
                    "failedChecks" : [ "user" ]
                  },
                  "integrationTest" : {
                    "passed" : 5,
                    "failed" : 0,
                    "failedChecks" : [ ]
                  },
                  "scan" : {
                    "verdict" : "passed",
                    "passed" : true,
                    "threshold" : "HIGH",
                    "counts" : {
                      "HIGH" : 0
                    }
                  },
                  "failure" : {
                    "step" : "push",
                    "exitCode" : 4,
                    "message" : "denied"
                  },
                  "gitTag" : "v1.2.3",
                  "versionCommit" : "feedbee",
                  "signed" : [ {
                    "digest" : "sha256:d1",
                    "signatureTag" : "sha256-d1.sig",
                    "signatureManifest" : "sha256:51",
                    "signatureLayer" : "sha256:1a",
                    "attestationTag" : null,
                    "attestationManifest" : null,
                    "attestations" : null,
                    "referrers" : null,
                    "referrersApi" : null,
                    "keyFingerprint" : "ab:cd"
                  } ],
                  "sbom" : [ {
                    "format" : "cyclonedx",
                    "path" : "target/ppctl/sbom.cdx.json",
                    "sha256" : "sha256:5b"
                  } ],
                  "platforms" : [ {
                    "platform" : "linux/arm64",
                    "imageId" : "sha256:2e",
                    "size" : 2048,
                    "gates" : {
                      "smoke-test" : "passed"
                    },
                    "smokeTest" : {
                      "passed" : 3,
                      "failed" : 1,
                      "failedChecks" : [ "user" ]
                    },
                    "integrationTest" : {
                      "passed" : 5,
                      "failed" : 0,
                      "failedChecks" : [ ]
                    },
                    "scan" : {
                      "verdict" : "passed",
                      "passed" : true,
                      "threshold" : "HIGH",
                      "counts" : {
                        "HIGH" : 0
                      }
                    },
                    "sbom" : [ {
                      "format" : "cyclonedx",
                      "path" : "target/ppctl/sbom.cdx.json",
                      "sha256" : "sha256:5b"
                    } ],
                    "pushed" : [ {
                      "registry" : "ghcr.io",
                      "platform" : "linux/arm64",
                      "reference" : "ghcr.io/acme/pp",
                      "digest" : "sha256:e2"
                    } ]
                  } ]
                }""");
    }

    @Test
    void aReleaseThatFailedEarlyLeavesOutWhatItDidNotReach() throws JsonProcessingException {
        ReleaseReport report = ReleaseReport.builder().status("failed").startedAt(T0).finishedAt(T1).durationSeconds(63.0)
                .ppctl("ppctl 0.1.0").preflight(List.of()).steps(List.of()).skipped(List.of())
                .failure(new ReleaseReport.Failure("preflight", 3, "no daemon")).build();
        assertThat(json(report)).isEqualTo("""
                {
                  "status" : "failed",
                  "dirty" : false,
                  "startedAt" : "2026-03-18T09:15:02Z",
                  "finishedAt" : "2026-03-18T09:16:05Z",
                  "durationSeconds" : 63.0,
                  "ppctl" : "ppctl 0.1.0",
                  "preflight" : [ ],
                  "steps" : [ ],
                  "skipped" : [ ],
                  "failure" : {
                    "step" : "preflight",
                    "exitCode" : 3,
                    "message" : "no daemon"
                  }
                }""");
    }

    @Test
    void theBuildResult() throws JsonProcessingException {
        BuildResult result = BuildResult.builder().imageId("sha256:1d").reference("policy-platform:v1.2.3").size(1024)
                .sizeText("1.0 KB").layers(7).durationSeconds(12.5).version("v1.2.3").commit("abc1234").dirty(true).created(T0)
                .target("final").buildArgs(List.of("HELM_VERSION")).labels(Map.of("org.opencontainers.image.version", "v1.2.3"))
                .previous(new SizeReport.Comparison("v1.2.2", "policy-platform:v1.2.2", 1000, 24)).sizeBudget(4096L)
                .largestLayers(List.of(new LocalImages.Layer("COPY . /repos", 512)))
                .context(new ContextArchive.Stats(3, 300, 2048, "sha256:c0")).reused(false)
                .platforms(List.of(new BuildResult.PlatformBuild("linux/arm64", "sha256:2e", "policy-platform:v1.2.3-linux-arm64",
                        2048, "2.0 KB", 7, true)))
                .build();
        assertThat(json(result)).isEqualTo("""
                {
                  "imageId" : "sha256:1d",
                  "reference" : "policy-platform:v1.2.3",
                  "size" : 1024,
                  "sizeText" : "1.0 KB",
                  "layers" : 7,
                  "durationSeconds" : 12.5,
                  "version" : "v1.2.3",
                  "commit" : "abc1234",
                  "dirty" : true,
                  "created" : "2026-03-18T09:15:02Z",
                  "target" : "final",
                  "buildArgs" : [ "HELM_VERSION" ],
                  "labels" : {
                    "org.opencontainers.image.version" : "v1.2.3"
                  },
                  "previous" : {
                    "version" : "v1.2.2",
                    "reference" : "policy-platform:v1.2.2",
                    "size" : 1000,
                    "delta" : 24
                  },
                  "sizeBudget" : 4096,
                  "largestLayers" : [ {
                    "instruction" : "COPY . /repos",
                    "size" : 512
                  } ],
                  "context" : {
                    "files" : 3,
                    "fileBytes" : 300,
                    "tarBytes" : 2048,
                    "digest" : "sha256:c0"
                  },
                  "reused" : false,
                  "platforms" : [ {
                    "platform" : "linux/arm64",
                    "imageId" : "sha256:2e",
                    "reference" : "policy-platform:v1.2.3-linux-arm64",
                    "size" : 2048,
                    "sizeText" : "2.0 KB",
                    "layers" : 7,
                    "reused" : true
                  } ]
                }""");
    }

    @Test
    void theLastBuildRecord() throws JsonProcessingException {
        BuildRecord record = BuildRecord.builder().imageId("sha256:1d").imageName("policy-platform").version("v1.2.3")
                .commit("abc1234").dirty(true).builtAt(T0).size(1024).layers(7)
                .labels(Map.of("org.opencontainers.image.version", "v1.2.3")).recipe("sha256:ec").context("sha256:c0")
                .platforms(List.of(new BuildRecord.PlatformImage("linux/arm64", "sha256:2e", 2048, 7, "sha256:ed", "sha256:c1", T1)))
                .build();
        assertThat(json(record)).isEqualTo("""
                {
                  "imageId" : "sha256:1d",
                  "imageName" : "policy-platform",
                  "version" : "v1.2.3",
                  "commit" : "abc1234",
                  "dirty" : true,
                  "builtAt" : "2026-03-18T09:15:02Z",
                  "size" : 1024,
                  "layers" : 7,
                  "labels" : {
                    "org.opencontainers.image.version" : "v1.2.3"
                  },
                  "recipe" : "sha256:ec",
                  "context" : "sha256:c0",
                  "platforms" : [ {
                    "platform" : "linux/arm64",
                    "imageId" : "sha256:2e",
                    "size" : 2048,
                    "layers" : 7,
                    "recipe" : "sha256:ed",
                    "context" : "sha256:c1",
                    "builtAt" : "2026-03-18T09:16:05Z"
                  } ]
                }""");
    }
}
