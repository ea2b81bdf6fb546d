package io.ppctl.integration;

import io.ppctl.testing.Fixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** On real kyverno apply output (see fixtures/tool-output/README.md for where each came from). */
class KyvernoOutputParserTest {

    @Test
    void readsTheSummaryAndTheFailureBlockOfKyvernosOwnConformanceTest() {
        KyvernoResult r = KyvernoOutputParser.parse(Fixtures.text("tool-output/kyverno-apply-conformance.txt"));
        assertThat(r.summary()).hasValue(new KyvernoResult.Summary(1, 1, 0, 0, 0));
        assertThat(r.policyRules()).isEqualTo(1);
        assertThat(r.resources()).isEqualTo(5);
        assertThat(r.violations()).containsExactly(new KyvernoResult.Violation("check-deployment-labels", "check-deployment-labels",
                "default/Deployment/bad-deployment", "Deployment labels must be env=prod"));
        assertThat(r.violationIds()).containsExactly("check-deployment-labels/check-deployment-labels");
    }

    @Test
    void readsAutogenRulesAndNamespacedResources() {
        KyvernoResult r = KyvernoOutputParser.parse(Fixtures.text("tool-output/kyverno-apply-autogen-rule.txt"));
        assertThat(r.summary().orElseThrow().fail()).isEqualTo(1);
        KyvernoResult.Violation v = r.violations().get(0);
        assertThat(v.id()).isEqualTo("cis-4.1.6-mount-service-account-tokens-only-when-necessary/autogen-restrict-pod-automountServiceAccountToken");
        assertThat(v.resource()).isEqualTo("sample-namespace/Deployment/sample-deployment");
        assertThat(v.message()).startsWith("validation error: Pod spec.automountServiceAccountToken must be set to false")
                .endsWith("/spec/template/spec/automountServiceAccountToken/");
    }

    @Test
    void anErrorWithoutAnyFailureBlockIsCounted() {
        KyvernoResult r = KyvernoOutputParser.parse(Fixtures.text("tool-output/kyverno-apply-skipped-error.txt"));
        assertThat(r.summary()).hasValue(new KyvernoResult.Summary(0, 0, 0, 1, 0));
        assertThat(r.violations()).isEmpty();
    }

    @Test
    void validatingPoliciesHaveNoRuleNameSoTheIdIsThePolicy() {
        KyvernoResult r = KyvernoOutputParser.parse(Fixtures.text("tool-output/kyverno-apply-validatingpolicy.txt"));
        assertThat(r.summary()).hasValue(new KyvernoResult.Summary(1, 2, 0, 0, 0));
        assertThat(r.violations()).extracting(KyvernoResult.Violation::resource)
                .containsExactly("payments/Pod/debug-shell", "payments/Deployment/checkout-api");
        assertThat(r.violations()).extracting(KyvernoResult.Violation::rule).containsOnly("");
        assertThat(r.violationIds()).containsExactly("pod-hardening");
        assertThat(r.violations().get(1).message()).isEqualTo("Every container needs CPU and memory limits.");
    }

    @Test
    void readsTheFormatOfKyvernoBefore110() {
        KyvernoResult r = KyvernoOutputParser.parse(Fixtures.text("tool-output/kyverno-apply-before-1.10.txt"));
        assertThat(r.summary()).hasValue(new KyvernoResult.Summary(1, 5, 0, 0, 32));
        assertThat(r.policyRules()).isEqualTo(11);
        assertThat(r.resources()).isEqualTo(2);
        assertThat(r.violationIds()).containsExactly("check-deprecated-apis/validate-v1-22-removals",
                "not-allow-latest/autogen-not-allow-latest", "required-component-label/required-component-label",
                "require-requests-limits/required-resources-request-limit", "only-trustworthy-registries/autogen-validate-registries");
        assertThat(r.violations().get(0).resource()).isEqualTo("default/StorageClass/standard");
    }

    @Test
    void auditWarningsAreNotViolations() {
        String out = "\nApplying 1 policy rule(s) to 1 resource(s)...\n"
                + "policy disallow-latest-tag -> resource default/Pod/p failed as audit warning:\n"
                + "1 - validate-image-tag validation error: Using a mutable image tag e.g. 'latest' is not allowed.\n\n\n"
                + "pass: 0, fail: 0, warn: 1, error: 0, skip: 0 \n";
        KyvernoResult r = KyvernoOutputParser.parse(out);
        assertThat(r.violations()).isEmpty();
        assertThat(r.auditWarnings()).extracting(KyvernoResult.Violation::id).containsExactly("disallow-latest-tag/validate-image-tag");
    }

    @Test
    void outputWithoutSummaryHasNone() {
        KyvernoResult r = KyvernoOutputParser.parse("Error: failed to load policies (lstat /nope: no such file or directory)\n");
        assertThat(r.summary()).isEmpty();
        assertThat(KyvernoOutputParser.parse(null).summary()).isEmpty();
    }

    @Test
    void colourCodesAndWindowsLineEndsDoNotMatter() {
        String out = "\u001B[31mpolicy p -> resource default/Pod/x failed:\u001B[0m\r\n1 - r bad\r\n\r\npass: 0, fail: 1, warn: 0, error: 0, skip: 0 \r\n";
        KyvernoResult r = KyvernoOutputParser.parse(out);
        assertThat(r.violationIds()).containsExactly("p/r");
        assertThat(r.summary().orElseThrow().fail()).isEqualTo(1);
    }
}
