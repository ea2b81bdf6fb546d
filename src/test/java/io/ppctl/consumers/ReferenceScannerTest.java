package io.ppctl.consumers;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReferenceScannerTest {
    static final String GHCR = "ghcr.io/acme/policy-platform";
    static final String LOCAL = "127.0.0.1:5000/acme/policy-platform";
    static final String DIGEST = "sha256:" + "a".repeat(64);
    private final ReferenceScanner scanner = new ReferenceScanner(List.of(GHCR, LOCAL));

    private List<String> found(String text) {
        return scanner.scan(text).stream().map(r -> r.kind() + " " + r.text()).toList();
    }

    @Test
    void findsEveryFormWithItsKind() {
        String text = "image: " + GHCR + ":v1.2.3\n"
                + "  - " + GHCR + ":v1.2.3@" + DIGEST + "\n"
                + "FROM " + LOCAL + "@" + DIGEST + " AS base\n"
                + "x: " + GHCR + ":1.2\n"
                + "y: \"" + GHCR + ":latest\"\n"
                + "z: docker://" + GHCR + ":1.0.0-rc.1\n";
        assertThat(found(text)).containsExactly(
                "VERSION " + GHCR + ":v1.2.3",
                "VERSION " + GHCR + ":v1.2.3@" + DIGEST,
                "DIGEST " + LOCAL + "@" + DIGEST,
                "MOVING " + GHCR + ":1.2",
                "MOVING " + GHCR + ":latest",
                "VERSION " + GHCR + ":1.0.0-rc.1");
    }

    @Test
    void knowsWhereEachReferenceIsAndWhichRepositoryItNames() {
        String text = "a\r\nb: " + LOCAL + ":v1.0.0\r\n";
        ImageReference r = scanner.scan(text).get(0);
        assertThat(r.line()).isEqualTo(2);
        assertThat(r.repository()).isEqualTo(LOCAL);
        assertThat(text.substring(r.start(), r.end())).isEqualTo(LOCAL + ":v1.0.0");
    }

    @Test
    void otherImagesWhoseNamesContainTheRepositoryAreNotReferences() {
        assertThat(found(GHCR + "-dev:v1.0.0 " + GHCR + "/sub:v1.0.0 mirror.io/" + GHCR + ":v1.0.0 x" + GHCR + ":v1.0.0"))
                .isEmpty();
    }

    @Test
    void aBareNameOrATruncatedDigestIsNoReference() {
        assertThat(found("repository: " + GHCR + "\n" + GHCR + "@sha256:abc\n" + GHCR + ":\n")).isEmpty();
    }

    @Test
    void aFullStopAfterAReferenceInACommentIsNotPartOfTheTag() {
        assertThat(found("# moved to " + GHCR + ":v1.2.3.\n")).containsExactly("VERSION " + GHCR + ":v1.2.3");
    }

    @Test
    void dockerHubRepositoriesAreFoundAlsoWithTheirRegistryHostWritten() {
        ReferenceScanner hub = new ReferenceScanner(List.of("acme/policy-platform"));
        assertThat(hub.scan("a: acme/policy-platform:v1.0.0 b: docker.io/acme/policy-platform:v1.0.0")
                .stream().map(ImageReference::text).toList())
                .containsExactly("acme/policy-platform:v1.0.0", "docker.io/acme/policy-platform:v1.0.0");
    }
}
