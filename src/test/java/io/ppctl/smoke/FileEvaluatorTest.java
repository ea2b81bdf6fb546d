package io.ppctl.smoke;

import io.ppctl.config.SmokeTestsConfig.FileCheck;
import io.ppctl.docker.ExecResult;
import io.ppctl.report.CheckResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** File checks judged from what busybox and GNU `ls -ldL` print. */
class FileEvaluatorTest {
    private static final String BUSYBOX_DIR = "drwxr-xr-x    2 root     root          4096 Nov 27 08:03 /repos/security-policy\n";
    private static final String GNU_FILE_SELINUX = "-rwxr-xr-x. 1 root root 52361216 Sep 18 09:25 /usr/local/bin/kyverno\n";
    private static final ExecResult MISSING = new ExecResult(1, "", "ls: /repos/nope: No such file or directory\n", false, false,
            Duration.ofMillis(30));

    private static FileCheck check(String path, boolean exists, String type, String perms, List<String> contents, List<String> excluded) {
        return new FileCheck(path, exists, type, perms, contents.stream().map(Pattern::compile).toList(),
                excluded.stream().map(Pattern::compile).toList());
    }

    private static ExecResult ls(String line) {
        return new ExecResult(0, line, "", false, false, Duration.ofMillis(30));
    }

    @Test
    void readsModeAndTypeFromBothLsFlavours() {
        assertThat(FileEvaluator.mode(BUSYBOX_DIR)).isEqualTo("drwxr-xr-x");
        assertThat(FileEvaluator.mode(GNU_FILE_SELINUX)).isEqualTo("-rwxr-xr-x");
        assertThat(FileEvaluator.type("drwxr-xr-x")).isEqualTo("directory");
        assertThat(FileEvaluator.type("-rw-r--r--")).isEqualTo("file");
        assertThat(FileEvaluator.type("crw-rw-rw-")).isEqualTo("device");
    }

    @Test
    void anExistingDirectoryWithTheRightPermissionsPasses() {
        FileCheck c = check("/repos/security-policy", true, "directory", "drwxr-xr-x", List.of(), List.of());
        assertThat(FileEvaluator.evaluate("x", c, ls(BUSYBOX_DIR), Optional.empty()).passed()).isTrue();
    }

    @Test
    void aMissingFileFails() {
        FileCheck c = check("/repos/nope", true, "any", "", List.of(), List.of());
        CheckResult r = FileEvaluator.evaluate("x", c, MISSING, Optional.empty());
        assertThat(r.passed()).isFalse();
        assertThat(r.message()).isEqualTo("/repos/nope does not exist");
        assertThat(r.actual()).contains("No such file or directory");
    }

    @Test
    void shouldExistFalseInvertsTheCheck() {
        FileCheck c = check("/root/.ssh/id_rsa", false, "any", "", List.of(), List.of());
        assertThat(FileEvaluator.evaluate("x", c, MISSING, Optional.empty()).passed()).isTrue();
        CheckResult present = FileEvaluator.evaluate("x", c, ls(GNU_FILE_SELINUX), Optional.empty());
        assertThat(present.message()).isEqualTo("/root/.ssh/id_rsa exists but should not");
    }

    @Test
    void theWrongTypeAndPermissionsFail() {
        FileCheck c = check("/usr/local/bin/kyverno", true, "directory", "-rwxr-x---", List.of(), List.of());
        CheckResult r = FileEvaluator.evaluate("x", c, ls(GNU_FILE_SELINUX), Optional.empty());
        assertThat(r.message()).isEqualTo("/usr/local/bin/kyverno is a file, expected a directory; permissions are -rwxr-xr-x, expected -rwxr-x---");
        assertThat(r.expected()).isEqualTo("/usr/local/bin/kyverno is a directory with -rwxr-x---");
    }

    @Test
    void contentsAreMatchedWhenTheyAreAsked() {
        FileCheck c = check("/etc/platform-release", true, "file", "", List.of("^policy platform"), List.of("(?i)secret"));
        ExecResult probe = ls("-rw-r--r--    1 root     root            25 Nov 27 08:03 /etc/platform-release\n");
        assertThat(FileEvaluator.needsContents(c, probe)).isTrue();
        ExecResult good = new ExecResult(0, "policy platform stand-in\n", "", false, false, Duration.ofMillis(20));
        assertThat(FileEvaluator.evaluate("x", c, probe, Optional.of(good)).passed()).isTrue();
        ExecResult bad = new ExecResult(0, "something else\nSECRET=1\n", "", false, false, Duration.ofMillis(20));
        CheckResult r = FileEvaluator.evaluate("x", c, probe, Optional.of(bad));
        assertThat(r.message()).isEqualTo("contents do not match /^policy platform/; contents match excluded /(?i)secret/");
        assertThat(r.actual()).contains("contents: something else");
        assertThat(r.duration()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void contentsOfADirectoryAreNotRead() {
        FileCheck c = check("/repos", true, "any", "", List.of("x"), List.of());
        assertThat(FileEvaluator.needsContents(c, ls(BUSYBOX_DIR))).isFalse();
    }

    @Test
    void aPathThatCannotBeInspectedIsNotReportedAsMissing() {
        FileCheck c = check("/root/secret", false, "any", "", List.of(), List.of());
        ExecResult denied = new ExecResult(1, "", "ls: /root/secret: Permission denied\n", false, false, Duration.ofMillis(10));
        CheckResult r = FileEvaluator.evaluate("x", c, denied, Optional.empty());
        assertThat(r.passed()).isFalse();
        assertThat(r.message()).isEqualTo("cannot inspect /root/secret: ls: /root/secret: Permission denied");
    }

    @Test
    void namesSayWhatIsChecked() {
        assertThat(new SmokeCheck.File(check("/repos/", true, "directory", "", List.of(), List.of())).name()).isEqualTo("/repos/ is a directory");
        assertThat(new SmokeCheck.File(check("/x", false, "any", "", List.of(), List.of())).name()).isEqualTo("/x is absent");
        assertThat(new SmokeCheck.File(check("/bin/sh", true, "any", "-rwxr-xr-x", List.of(), List.of())).name())
                .isEqualTo("/bin/sh exists -rwxr-xr-x");
    }
}
