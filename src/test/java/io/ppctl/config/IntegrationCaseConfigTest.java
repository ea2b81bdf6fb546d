package io.ppctl.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The integrationTests keys this issue added or tightened: timeout, path forms, bare policy names. */
class IntegrationCaseConfigTest {

    @Test
    void timeoutDefaultsToTwoMinutes() {
        PpctlConfig c = ConfigLoader.parse("ppctl.yaml", """
                integrationTests:
                  - {name: a, chart: ./charts/app, policies: /repos/p/, expect: fail, expectViolations: [pod-hardening, p/r]}
                  - {name: b, chart: /repos/app, policies: /repos/p/, timeout: 20s}
                """);
        assertThat(c.integrationTests().get(0).timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.integrationTests().get(0).expectViolations()).containsExactly("pod-hardening", "p/r");
        assertThat(c.integrationTests().get(1).timeout()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void pathsAreAbsoluteInTheImageOrDotPathsInTheProject() {
        assertThatThrownBy(() -> ConfigLoader.parse("ppctl.yaml", """
                integrationTests:
                  - name: a
                    chart: charts/app
                    values: [../outside.yaml]
                    policies: ./../p
                    expectViolations: [a/b/c]
                    expect: fail
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("integrationTests[0].chart: 'charts/app' must be an absolute path inside the image or start with ./")
                .hasMessageContaining("integrationTests[0].values: '../outside.yaml' must be an absolute path")
                .hasMessageContaining("integrationTests[0].policies: './../p' leaves the project folder")
                .hasMessageContaining("'a/b/c' must be written as <policy>/<rule>");
    }
}
