package io.ppctl.platform;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformTest {

    @Test
    void parsesAndNormalizesAsContainerdDoes() {
        assertThat(Platform.parse("linux/amd64")).hasToString("linux/amd64");
        assertThat(Platform.parse("linux/x86_64")).isEqualTo(Platform.parse("linux/amd64"));
        assertThat(Platform.parse("Linux/AArch64")).hasToString("linux/arm64");
        assertThat(Platform.parse("linux/arm64/v8")).isEqualTo(Platform.parse("linux/arm64"));
        assertThat(Platform.parse("linux/arm")).hasToString("linux/arm/v7");
        assertThat(Platform.parse("linux/armhf")).hasToString("linux/arm/v7");
        assertThat(Platform.parse("linux/arm/v6")).hasToString("linux/arm/v6");
        assertThat(Platform.parse(" linux/386 ")).hasToString("linux/386");
    }

    @Test
    void refusesWhatIsNoLinuxPlatformWithWhatWouldBe() {
        assertThatThrownBy(() -> Platform.parse("amd64")).hasMessageContaining("write os/architecture[/variant], e.g. linux/amd64");
        assertThatThrownBy(() -> Platform.parse("linux/")).hasMessageContaining("is not a platform");
        assertThatThrownBy(() -> Platform.parse("windows/amd64")).hasMessageContaining("Linux images only");
        assertThatThrownBy(() -> Platform.parse("linux/sparc")).hasMessageContaining("unknown architecture sparc (one of 386, amd64, arm,");
        assertThatThrownBy(() -> Platform.parse("linux/amd64/v9")).hasMessageContaining("amd64 has no variant v9 (one of v1, v2, v3, v4)");
        assertThatThrownBy(() -> Platform.parse("linux/s390x/v1")).hasMessageContaining("(it takes none)");
        assertThatThrownBy(() -> Platform.parse("linux/amd64/v2/x")).hasMessageContaining("is not a platform");
    }

    @Test
    void aListIsCommaSeparatedOrRepeatedAndNamesEachOnce() {
        assertThat(Platform.parseList(List.of("linux/amd64,linux/arm64", "linux/arm/v7")))
                .extracting(Platform::toString).containsExactly("linux/amd64", "linux/arm64", "linux/arm/v7");
        assertThatThrownBy(() -> Platform.parseList(List.of("linux/amd64,linux/x86_64")))
                .hasMessage("linux/amd64 is named twice");
        assertThatThrownBy(() -> Platform.parseList(List.of("linux/amd64,"))).hasMessageContaining("is not a platform");
    }

    @Test
    void whatDaemonsAndImagesReportIsAPlatformToo() {
        assertThat(Platform.of("linux", "x86_64", null)).contains(Platform.parse("linux/amd64"));
        assertThat(Platform.of("", "aarch64", "")).contains(Platform.parse("linux/arm64"));
        assertThat(Platform.of("linux", "", null)).isEmpty();
    }

    @Test
    void anImageWithoutAVariantServesThePlatformsDefault() {
        Platform armV7 = Platform.parse("linux/arm/v7");
        assertThat(armV7.accepts(new Platform("linux", "arm", null))).isTrue();
        assertThat(armV7.accepts(Platform.parse("linux/arm/v6"))).isFalse();
        assertThat(Platform.parse("linux/arm64").accepts(Platform.parse("linux/amd64"))).isFalse();
    }

    @Test
    void tagsAndBuildArgsNameThePlatform() {
        assertThat(Platform.parse("linux/arm/v7").tagSuffix()).isEqualTo("linux-arm-v7");
        assertThat(Platform.parse("linux/arm64").targetArgs()).isEqualTo(Map.of("TARGETPLATFORM", "linux/arm64",
                "TARGETOS", "linux", "TARGETARCH", "arm64", "TARGETVARIANT", ""));
    }

    @Test
    void platformTagsAreNotReleasesOfTheirOwn() {
        assertThat(Platform.isPlatformTag("v1.2.3-linux-arm64")).isTrue();
        assertThat(Platform.isPlatformTag("sha-1a2b3c4-linux-arm-v7")).isTrue();
        assertThat(Platform.isPlatformTag("v1.2.3-rc.1")).isFalse();
        assertThat(Platform.isPlatformTag("v1.2.3-linux-sparc")).isFalse();
        assertThat(Platform.isPlatformTag("v1.2.3-linux-arm64-v3")).isFalse();
    }
}
