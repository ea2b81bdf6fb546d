package io.ppctl.consumers;

import io.ppctl.core.PpctlException;
import io.ppctl.version.Version;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.ppctl.consumers.ReferenceScannerTest.GHCR;
import static io.ppctl.consumers.ReferenceScannerTest.LOCAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The update rules on the references of a whole consumer, and the rewritten bytes. */
class UpdateRulesTest {
    static final String OLD = "sha256:" + "1".repeat(64);
    static final String NEW_GHCR = "sha256:" + "2".repeat(64);
    static final String NEW_LOCAL = "sha256:" + "3".repeat(64);
    static final String V09 = "sha256:" + "9".repeat(64);
    static final Version TARGET = Version.of("v1.3.0");

    private final ReferenceScanner scanner = new ReferenceScanner(List.of(GHCR, LOCAL));
    private final VersionTags tags = new VersionTags(List.of("{{version}}", "{{major}}.{{minor}}.{{patch}}", "sha-{{sha}}", "latest"));

    /** The registries: v1.3.0 has NEW_* ; OLD is v1.2.3 in both; V09 is v0.9.0. */
    private final ReleaseLookup registry = new ReleaseLookup() {
        @Override
        public String targetDigest(String repository) {
            return repository.equals(GHCR) ? NEW_GHCR : NEW_LOCAL;
        }

        @Override
        public Optional<Version> versionOf(String repository, String digest) {
            return digest.equals(OLD) ? Optional.of(Version.of("v1.2.3")) : digest.equals(V09) ? Optional.of(Version.of("v0.9.0"))
                    : Optional.empty();
        }
    };

    private UpdateRules.Decision decide(Map<String, String> files, boolean allowMajor) {
        Map<String, List<ImageReference>> refs = new LinkedHashMap<>();
        files.forEach((f, text) -> refs.put(f, scanner.scan(text)));
        return UpdateRules.decide(refs, TARGET, tags, registry, allowMajor);
    }

    private String rewrite(String text) {
        UpdateRules.Decision d = decide(Map.of("f", text), false);
        return UpdateRules.apply(text, d.edits());
    }

    private static final String WORKFLOW = """
            # CI: validate the manifests with the platform image  (keep it pinned)
            name:   validate
            on: [push]
            jobs:
              policies:
                runs-on: ubuntu-latest
                container:
                  image: ghcr.io/acme/policy-platform:v1.2.3   # pinned by ppctl
                steps:
                  - uses: docker://ghcr.io/acme/policy-platform:v1.2.3@%s
                  - run: kyverno apply /repos/security-policy --resource k8s/
                  - uses: docker://ghcr.io/acme/policy-platform:1.2
                  - uses: docker://ghcr.io/acme/policy-platform:latest
            """.formatted(OLD);

    @Test
    void movesEveryVersionFormAndKeepsEveryOtherByte() {
        String expected = WORKFLOW.replace("policy-platform:v1.2.3   #", "policy-platform:v1.3.0   #")
                .replace("policy-platform:v1.2.3@" + OLD, "policy-platform:v1.3.0@" + NEW_GHCR);
        assertThat(rewrite(WORKFLOW)).isEqualTo(expected);
    }

    @Test
    void aDigestAloneBecomesTheReleasesDigestFromTheRightRegistry() {
        String dockerfile = "# syntax=docker/dockerfile:1\r\nFROM 127.0.0.1:5000/acme/policy-platform@" + OLD + " AS policies\r\n"
                + "FROM ghcr.io/acme/policy-platform@" + OLD + "\r\nCOPY . /work\r\n";
        assertThat(rewrite(dockerfile)).isEqualTo("# syntax=docker/dockerfile:1\r\nFROM 127.0.0.1:5000/acme/policy-platform@"
                + NEW_LOCAL + " AS policies\r\nFROM ghcr.io/acme/policy-platform@" + NEW_GHCR + "\r\nCOPY . /work\r\n");
    }

    @Test
    void theNewTagIsSpelledAsTheOldOneWas() {
        assertThat(rewrite("a: " + GHCR + ":1.2.3\nb: " + GHCR + ":v1.2.3\n")).isEqualTo("a: " + GHCR + ":1.3.0\nb: " + GHCR + ":v1.3.0\n");
    }

    @Test
    void bytesThatAreNotUtf8AndABomStayExactly() {
        byte[] before = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "image: ".getBytes(StandardCharsets.US_ASCII),
                (GHCR + ":v1.2.3").getBytes(StandardCharsets.US_ASCII), new byte[] {' ', '#', ' ', (byte) 0xE9, (byte) 0xFF, '\t', '\r', '\n'});
        String text = new String(before, StandardCharsets.ISO_8859_1);
        byte[] after = rewrite(text).getBytes(StandardCharsets.ISO_8859_1);
        byte[] expected = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "image: ".getBytes(StandardCharsets.US_ASCII),
                (GHCR + ":v1.3.0").getBytes(StandardCharsets.US_ASCII), new byte[] {' ', '#', ' ', (byte) 0xE9, (byte) 0xFF, '\t', '\r', '\n'});
        assertThat(after).isEqualTo(expected);
    }

    @Test
    void aConsumerOnAnOlderMajorIsSkippedWithTheReasonUnlessMajorsAreAllowed() {
        Map<String, String> files = Map.of("values.yaml", "image: " + GHCR + ":v0.9.0\n");
        UpdateRules.Decision skipped = UpdateRules.decide(Map.of("values.yaml", scanner.scan(files.get("values.yaml"))),
                Version.of("v1.3.0"), tags, registry, false);
        assertThat(skipped.status()).isEqualTo(UpdateRules.Status.SKIPPED);
        assertThat(skipped.reason()).isEqualTo("on v0.9.0, an older major version; v1.3.0 is a breaking release (--allow-major moves it)");
        assertThat(skipped.edits()).isEmpty();

        UpdateRules.Decision allowed = decide(files, true);
        assertThat(allowed.status()).isEqualTo(UpdateRules.Status.UPDATE);
        assertThat(allowed.from()).containsExactly("v0.9.0");
        assertThat(UpdateRules.apply(files.get("values.yaml"), allowed.edits())).isEqualTo("image: " + GHCR + ":v1.3.0\n");
    }

    @Test
    void oneOlderMajorReferenceHoldsBackTheWholeConsumer() {
        UpdateRules.Decision d = decide(Map.of("a", GHCR + ":v1.2.3", "b", GHCR + "@" + V09), false);
        assertThat(d.status()).isEqualTo(UpdateRules.Status.SKIPPED);
        assertThat(d.reason()).startsWith("on v0.9.0, an older major version");
    }

    @Test
    void aConsumerOnTheReleaseIsUpToDateAndOnlyAStaleDigestBesideItMoves() {
        UpdateRules.Decision d = decide(Map.of("a", GHCR + ":v1.3.0@" + NEW_GHCR + " " + GHCR + "@" + NEW_GHCR), false);
        assertThat(d.status()).isEqualTo(UpdateRules.Status.UP_TO_DATE);
        assertThat(d.reason()).isEqualTo("already on v1.3.0");

        String stale = GHCR + ":v1.3.0@" + OLD;
        UpdateRules.Decision fix = decide(Map.of("a", stale), false);
        assertThat(fix.status()).isEqualTo(UpdateRules.Status.UPDATE);
        assertThat(UpdateRules.apply(stale, fix.edits())).isEqualTo(GHCR + ":v1.3.0@" + NEW_GHCR);
    }

    @Test
    void nothingNewerIsMovedBackAndMovingTagsStay() {
        UpdateRules.Decision newer = decide(Map.of("a", GHCR + ":v1.4.0"), false);
        assertThat(newer.status()).isEqualTo(UpdateRules.Status.UP_TO_DATE);
        assertThat(newer.reason()).isEqualTo("references " + GHCR + ":v1.4.0, newer than v1.3.0 (never moved back)");

        UpdateRules.Decision moving = decide(Map.of("a", GHCR + ":1.2 " + GHCR + ":latest"), false);
        assertThat(moving.status()).isEqualTo(UpdateRules.Status.UP_TO_DATE);
        assertThat(moving.reason()).isEqualTo("only moving tags (" + GHCR + ":1.2, " + GHCR + ":latest), which stay as they are");
        assertThat(moving.edits()).isEmpty();
    }

    @Test
    void filesWithoutAReferenceMeanNoReference() {
        UpdateRules.Decision d = decide(Map.of("README.md", "nothing here: ghcr.io/acme/other:v1.2.3\n"), false);
        assertThat(d.status()).isEqualTo(UpdateRules.Status.NO_REFERENCE);
    }

    @Test
    void aDigestNoReleaseHasIsNotGuessedAtButSkipped() {
        String unknown = "sha256:" + "f".repeat(64);
        UpdateRules.Decision d = decide(Map.of("a", GHCR + "@" + unknown), false);
        assertThat(d.status()).isEqualTo(UpdateRules.Status.SKIPPED);
        assertThat(d.reason()).contains("pins " + GHCR + "@" + unknown + ", which is no release the registry knows");
    }

    @Test
    void aReleaseTheRegistryDoesNotHoldFailsRatherThanPointingAtIt() {
        ReleaseLookup missing = new ReleaseLookup() {
            @Override
            public String targetDigest(String repository) {
                throw PpctlException.checkFailed(repository + ":v1.3.0 is not in registry");
            }

            @Override
            public Optional<Version> versionOf(String repository, String digest) {
                return Optional.empty();
            }
        };
        assertThatThrownBy(() -> UpdateRules.decide(Map.of("a", scanner.scan(GHCR + ":v1.2.3")), TARGET, tags, missing, false))
                .hasMessageContaining("is not in registry");
    }

    @Test
    void theVersionsMovedFromAreListedOldestFirst() {
        UpdateRules.Decision d = decide(Map.of("a", GHCR + ":v1.2.3 " + GHCR + ":v1.0.1", "b", LOCAL + "@" + OLD), false);
        assertThat(d.from()).containsExactly("v1.0.1", "v1.2.3");
        assertThat(d.edits()).hasSize(3);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
