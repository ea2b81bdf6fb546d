package io.ppctl.policies;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LockFileTest {
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final PolicyLock LOCK = new PolicyLock(List.of(
            new PolicyLock.Entry("zeta", "ssh://git@example.invalid/z.git", "v1.0.0", COMMIT, "policies", DIGEST),
            new PolicyLock.Entry("alpha", "https://example.invalid/a.git", "main", COMMIT, "", DIGEST)));

    @Test
    void writesSortedKeysAndEntriesOneFieldPerLine() {
        assertThat(LockFile.format(LOCK)).isEqualTo("""
                {
                  "comment": "Pinned policy repos. Written by 'ppctl policies update'; edit ppctl.yaml, not this file.",
                  "repos": [
                    {
                      "commit": "0123456789abcdef0123456789abcdef01234567",
                      "digest": "sha256:abababababababababababababababababababababababababababababababab",
                      "name": "alpha",
                      "path": "",
                      "ref": "main",
                      "url": "https://example.invalid/a.git"
                    },
                    {
                      "commit": "0123456789abcdef0123456789abcdef01234567",
                      "digest": "sha256:abababababababababababababababababababababababababababababababab",
                      "name": "zeta",
                      "path": "policies",
                      "ref": "v1.0.0",
                      "url": "ssh://git@example.invalid/z.git"
                    }
                  ],
                  "version": 1
                }
                """);
    }

    @Test
    void readsBackWhatItWrites() {
        assertThat(LockFile.parse("policies.lock", LockFile.format(LOCK))).isEqualTo(LOCK);
        assertThat(LockFile.parse("policies.lock", LockFile.format(PolicyLock.EMPTY))).isEqualTo(PolicyLock.EMPTY);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON                | {\"repos\": [}                                           | policies.lock:1:12: not valid JSON: Unexpected close marker",
            "not an object           | []                                                       | expected a JSON object",
            "no version              | {\"repos\": []}                                          | 'version' must be 1 (missing)",
            "future version          | {\"repos\": [], \"version\": 2}                          | 'version' must be 1, found 2",
            "repos not a list        | {\"repos\": {}, \"version\": 1}                          | 'repos' must be a list",
            "unknown top-level key   | {\"repos\": [], \"version\": 1, \"extra\": 1}            | unknown key 'extra'",
            "duplicate key           | {\"repos\": [], \"version\": 1, \"version\": 1}          | Duplicate field 'version'",
            "missing field           | {\"repos\": [{\"name\": \"a\"}], \"version\": 1}         | repos[0] has no 'commit'",
    })
    void refusesALockThatIsNotWhatPpctlWrites(String why, String text, String message) {
        assertThatThrownBy(() -> LockFile.parse("policies.lock", text))
                .isInstanceOfSatisfying(PpctlException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage()).contains(message);
                    assertThat(e.hint()).contains("git checkout policies.lock");
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "invalid name      | name   | ../x                          | '../x' is not a valid folder name",
            "short commit      | commit | 0123456                       | commit '0123456' is not a full commit id",
            "upper-case commit | commit | 0123456789ABCDEF0123456789ABCDEF01234567 | is not a full commit id",
            "bad digest        | digest | md5:abc                       | digest 'md5:abc' is not sha256:<64 hex digits>",
            "absolute path     | path   | /etc                          | path '/etc' is not a normalised relative folder",
            "path with ..      | path   | a/../b                        | is not a normalised relative folder",
            "credentials       | url    | https://bot:token@example.invalid/a.git | the url carries credentials",
            "empty ref         | ref    | ''                            | empty ref",
    })
    void refusesAnEntryWithABadField(String why, String field, String value, String message) {
        String text = LockFile.format(LOCK).replaceFirst("\"" + field + "\": \"[^\"]*\"", "\"" + field + "\": \"" + value + "\"");
        assertThatThrownBy(() -> LockFile.parse("policies.lock", text)).hasMessageContaining(message);
    }

    @Test
    void namesWhereTheJsonBreaksInOneShortLine() {
        assertThatThrownBy(() -> LockFile.parse("policies.lock", "{\"repos\": [}"))
                .hasMessage("policies.lock:1:12: not valid JSON: Unexpected close marker '}': expected ']'");
    }

    @Test
    void refusesARepoPinnedTwice() {
        String text = LockFile.format(LOCK).replace("\"name\": \"zeta\"", "\"name\": \"alpha\"");
        assertThatThrownBy(() -> LockFile.parse("policies.lock", text)).hasMessageContaining("the repo 'alpha' is pinned twice");
    }
}
