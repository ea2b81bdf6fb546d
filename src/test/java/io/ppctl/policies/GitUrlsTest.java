package io.ppctl.policies;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class GitUrlsTest {
    @ParameterizedTest
    @CsvSource({
            "https://github.com/acme/p.git,                    https://github.com/acme/p.git",
            "https://x-access-token:ghs_abc@github.com/a/p.git, https://github.com/a/p.git",
            "https://ghp_token@github.com/a/p.git,              https://github.com/a/p.git",
            "ssh://git@github.com/acme/p.git,                   ssh://git@github.com/acme/p.git",
            "ssh://git:secret@host/p.git,                       ssh://git@host/p.git",
            "git@github.com:acme/p.git,                         git@github.com:acme/p.git",
            "file:///srv/git/p.git,                             file:///srv/git/p.git",
    })
    void dropsCredentialsButKeepsWhereTheRepoIs(String url, String shown) {
        assertThat(GitUrls.redact(url)).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "fatal: unable to access 'https://bot:tok@h/p.git/': Could not resolve host | fatal: unable to access 'https://h/p.git/': Could not resolve host",
    })
    void redactsGitErrorLines(String line, String shown) {
        assertThat(GitUrls.redactText(line, "https://bot:tok@h/p.git")).isEqualTo(shown);
    }
}
