package io.ppctl.consumers;

import io.ppctl.version.Version;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VersionTagsTest {
    @Test
    void thePrimaryTagIsTheFirstVersionTemplateAndATagKeepsItsSpelling() {
        VersionTags t = new VersionTags(List.of("sha-{{sha}}", "{{version}}", "{{major}}.{{minor}}.{{patch}}", "latest"));
        assertThat(t.primary(Version.of("v1.3.0"))).isEqualTo("v1.3.0");
        assertThat(t.next("1.2.3", Version.of("1.2.3"), Version.of("v1.3.0"))).isEqualTo("1.3.0");
        assertThat(t.next("v1.2.3", Version.of("v1.2.3"), Version.of("v1.3.0"))).isEqualTo("v1.3.0");
        assertThat(new VersionTags(List.of("latest")).primary(Version.of("v2.0.0"))).isEqualTo("v2.0.0");
    }
}
