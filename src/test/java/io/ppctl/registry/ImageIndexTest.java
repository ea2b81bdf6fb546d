package io.ppctl.registry;

import io.ppctl.platform.Platform;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ImageIndexTest {
    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    private static final List<ImageIndex.Entry> ENTRIES = List.of(
            new ImageIndex.Entry(DOCKER_MANIFEST, "sha256:" + "a".repeat(64), 528, Platform.parse("linux/amd64")),
            new ImageIndex.Entry(DOCKER_MANIFEST, "sha256:" + "b".repeat(64), 529, Platform.parse("linux/arm/v7")));

    @Test
    void anIndexNamesEachPlatformsManifestInOrderAndItsBytesDependOnlyOnThem() {
        Manifest index = ImageIndex.of(ENTRIES);
        assertThat(index.mediaType()).isEqualTo("application/vnd.oci.image.index.v1+json");
        assertThat(new String(index.body(), StandardCharsets.UTF_8)).isEqualTo("{\"schemaVersion\":2,"
                + "\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + "{\"mediaType\":\"" + DOCKER_MANIFEST + "\",\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":528,"
                + "\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
                + "{\"mediaType\":\"" + DOCKER_MANIFEST + "\",\"digest\":\"sha256:" + "b".repeat(64) + "\",\"size\":529,"
                + "\"platform\":{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\"}}]}");
        assertThat(index.digest()).isEqualTo(Manifest.sha256(index.body())).isEqualTo(ImageIndex.of(ENTRIES).digest());
        assertThat(ImageIndex.isIndex(index)).isTrue();
        assertThat(ImageIndex.entries(index)).isEqualTo(ENTRIES);
    }

    @Test
    void anImageManifestIsNoIndexAndItsEntryTakesTheTypeWithoutParameters() {
        byte[] body = "{\"schemaVersion\":2,\"config\":{\"digest\":\"sha256:c\"},\"layers\":[]}".getBytes(StandardCharsets.UTF_8);
        Manifest image = new Manifest(DOCKER_MANIFEST + "; charset=utf-8", body, Manifest.sha256(body));
        assertThat(ImageIndex.isIndex(image)).isFalse();
        assertThat(ImageIndex.entry(image, Platform.parse("linux/arm64")))
                .isEqualTo(new ImageIndex.Entry(DOCKER_MANIFEST, image.digest(), body.length, Platform.parse("linux/arm64")));
    }

    @Test
    void entriesWithoutARealPlatformAreLeftOut() {
        byte[] body = ("{\"manifests\":[{\"mediaType\":\"m\",\"digest\":\"sha256:1\",\"size\":1,\"platform\":{\"os\":\"linux\","
                + "\"architecture\":\"arm64\"}},{\"mediaType\":\"m\",\"digest\":\"sha256:2\",\"size\":1,\"platform\":{\"os\":"
                + "\"unknown\",\"architecture\":\"unknown\"}},{\"digest\":\"sha256:3\"}]}").getBytes(StandardCharsets.UTF_8);
        Manifest buildkit = new Manifest("application/vnd.docker.distribution.manifest.list.v2+json", body, Manifest.sha256(body));
        assertThat(ImageIndex.isIndex(buildkit)).isTrue();
        assertThat(ImageIndex.entries(buildkit)).extracting(ImageIndex.Entry::digest).containsExactly("sha256:1");
    }
}
