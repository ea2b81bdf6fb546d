package io.ppctl.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretLinesTest {

    @Test
    void credentialLinesAreReplacedWhole() {
        String text = String.join("\n",
                "[http \"https://github.com/\"]",
                "\textraheader = AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX2FiYw==",
                "Authorization: Bearer abc.def.ghi",
                "GITHUB_TOKEN=ghs_0123456789abcdefghijKLMNOP",
                "password: hunter2",
                "url = https://x-access-token:ghs_secret@github.com/org/repo",
                "-----BEGIN OPENSSH PRIVATE KEY-----",
                "  api_key = \"k\"",
                "plain line");
        String out = SecretLines.redact(text);
        assertThat(out.lines()).containsExactly("[http \"https://github.com/\"]", SecretLines.REDACTED, SecretLines.REDACTED,
                SecretLines.REDACTED, SecretLines.REDACTED, SecretLines.REDACTED, SecretLines.REDACTED, SecretLines.REDACTED,
                "plain line");
        assertThat(out).doesNotContain("eC1hY2Nlc3M", "hunter2", "ghs_");
    }

    @Test
    void ordinaryPolicyOutputIsKept() {
        String text = String.join("\n",
                "policy disallow-privileged -> resource default/Deployment/app failed:",
                "automountServiceAccountToken: false",
                "pass: 1, fail: 1, warn: 0, error: 0, skip: 0",
                "Error: path \"/repos/nope\" not found");
        assertThat(SecretLines.redact(text)).isEqualTo(text);
    }

    @Test
    void excerptsRedactBeforeQuoting() {
        assertThat(CheckResult.excerpt("ok\nAuthorization: Basic dXNlcjpwYXNz\n")).isEqualTo("ok\n" + SecretLines.REDACTED);
    }
}
