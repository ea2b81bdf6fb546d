package io.ppctl.version;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class VersionTest {

    @ParameterizedTest
    @ValueSource(strings = {"1.x", "v1.2", "1", "", "v", "vv1.2.3", "1.2.3.4", "01.2.3", "1.2.3-", "latest", "v1.2.3 x"})
    void rejectsWhatIsNotASemanticVersion(String text) {
        assertThat(Version.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"v1.0.2,v1.0.2", "1.0.2,1.0.2", "' v2.3.4\n',v2.3.4", "v1.3.0-rc.1,v1.3.0-rc.1", "V1.0.0,V1.0.0"})
    void keepsTheVersionAsWritten(String text, String expected) {
        assertThat(Version.of(text)).hasToString(expected);
    }

    @ParameterizedTest(name = "{0} bump {1} {2} = {3}")
    @CsvSource({
            "v1.0.2, PATCH, '', v1.0.3",
            "v1.0.2, MINOR, '', v1.1.0",
            "v1.0.2, MAJOR, '', v2.0.0",
            "1.2.3, MINOR, '', 1.3.0",
            "v1.2.3, MINOR, rc, v1.3.0-rc.1",
            "v1.3.0-rc.1, MINOR, rc, v1.3.0-rc.2",
            "v1.3.0-rc.9, MINOR, rc, v1.3.0-rc.10",
            "v1.3.0-rc.2, MINOR, '', v1.3.0",
            "v1.3.0-rc.2, PATCH, '', v1.3.0",
            "v1.3.0-rc.2, MAJOR, '', v2.0.0",
            "v2.0.0-rc.1, MAJOR, '', v2.0.0",
            "v1.3.0-rc.2, MAJOR, rc, v2.0.0-rc.1",
            "v1.3.0-beta.2, MINOR, rc, v1.3.0-rc.1",
            "v1.3.1-rc.1, MINOR, '', v1.4.0",
            "v1.0.2, PATCH, rc, v1.0.3-rc.1",
    })
    void bumpsByTheProjectRules(String from, BumpLevel level, String pre, String expected) {
        assertThat(Version.of(from).bump(level, pre)).hasToString(expected);
    }

    @Test
    void ordersBySemanticPrecedenceIgnoringThePrefix() {
        assertThat(Version.of("v1.3.0-rc.1")).isLessThan(Version.of("1.3.0"));
        assertThat(Version.of("v1.10.0")).isGreaterThan(Version.of("v1.9.9"));
        assertThat(Version.of("v1.0.0").compareTo(Version.of("1.0.0"))).isZero();
    }

    @Test
    void knowsStableFromPreRelease() {
        assertThat(Version.of("v1.0.0").isStable()).isTrue();
        assertThat(Version.of("v1.0.0-rc.1").isStable()).isFalse();
        assertThat(Version.of("v1.0.0-rc.1").preRelease()).containsExactly("rc", "1");
    }
}
