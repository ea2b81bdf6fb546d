package io.ppctl.integration;

import io.ppctl.testing.Fixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** On pluto's own JSON (see fixtures/tool-output/README.md). */
class PlutoReportParserTest {

    @Test
    void readsPlutosOwnJsonExample() {
        PlutoReport r = PlutoReportParser.parse(Fixtures.text("tool-output/pluto-detect-removed.json"));
        assertThat(r.findings()).hasSize(2);
        PlutoReport.Finding f = r.findings().get(0);
        assertThat(f.name()).isEqualTo("some name one");
        assertThat(f.namespace()).isEqualTo("pluto-namespace");
        assertThat(f.kind()).isEqualTo("Deployment");
        assertThat(f.apiVersion()).isEqualTo("extensions/v1beta1");
        assertThat(f.removedIn()).isEqualTo("v1.16.0");
        assertThat(f.replacementApi()).isEqualTo("apps/v1");
        assertThat(r.removed()).hasSize(2);
        assertThat(r.deprecatedOnly()).isEmpty();
        assertThat(r.findings().get(1).namespace()).isEmpty();
        assertThat(r.targetVersions()).containsEntry("foo", "v1.16.0");
        assertThat(f.toString()).isEqualTo("Deployment some name one (extensions/v1beta1, removed in v1.16.0; use apps/v1)");
    }

    @Test
    void nothingFoundLeavesItemsOut() {
        PlutoReport r = PlutoReportParser.parse(Fixtures.text("tool-output/pluto-detect-clean.json"));
        assertThat(r.findings()).isEmpty();
        assertThat(r.targetVersions()).containsEntry("k8s", "v1.36.3");
    }

    @Test
    void deprecatedButStillServedIsNotRemoved() {
        String json = "{\"items\":[{\"name\":\"fs\",\"api\":{\"version\":\"flowcontrol.apiserver.k8s.io/v1beta3\",\"kind\":\"FlowSchema\","
                + "\"deprecated-in\":\"v1.29.0\",\"removed-in\":\"v1.32.0\",\"replacement-api\":\"flowcontrol.apiserver.k8s.io/v1\","
                + "\"component\":\"k8s\"},\"deprecated\":true,\"removed\":false}],\"target-versions\":{\"k8s\":\"v1.30.0\"}}";
        PlutoReport r = PlutoReportParser.parse(json);
        assertThat(r.removed()).isEmpty();
        assertThat(r.deprecatedOnly()).extracting(PlutoReport.Finding::kind).containsExactly("FlowSchema");
    }

    @Test
    void theTextPlutoPrintsWhenNothingIsFoundMeansNothing() {
        assertThat(PlutoReportParser.parse("There were no resources found with known deprecated apiVersions.\n").findings()).isEmpty();
        assertThat(PlutoReportParser.parse("").findings()).isEmpty();
    }

    @Test
    void anythingElseIsAnError() {
        assertThatThrownBy(() -> PlutoReportParser.parse("Error: invalid file specified: -x\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pluto printed no JSON");
        assertThatThrownBy(() -> PlutoReportParser.parse("[{\"file\":\"x\"}]"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
