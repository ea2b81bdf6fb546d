package io.ppctl.doctor;

import io.ppctl.console.Console;
import io.ppctl.core.ExitCode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DoctorReportTest {
    private static DoctorReport of(Check... checks) {
        return DoctorReport.of(List.of(checks));
    }

    @Test
    void anUnreachableDaemonOutranksBadInputWhichOutranksAFailedCheck() {
        Check usage = Check.fail("config", "invalid", ExitCode.USAGE);
        Check environment = Check.fail("docker", "unreachable", ExitCode.ENVIRONMENT);
        Check failed = Check.fail("x", "failed", ExitCode.CHECK_FAILED);
        assertThat(of(usage, environment, failed).exit()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(of(failed, usage).exit()).isEqualTo(ExitCode.USAGE);
        assertThat(of(failed, usage, environment).failed()).containsExactly("x", "config", "docker");
    }

    @Test
    void warningsLeaveTheExitCodeAtZero() {
        DoctorReport r = of(Check.ok("ppctl", "v"), Check.warn("git", "dirty"));
        assertThat(r.exit()).isEqualTo(ExitCode.OK);
        assertThat(r.failed()).isEmpty();
    }

    @Test
    void theJsonReportWritesStatusesInLowerCase() {
        assertThat(Console.toJson(of(Check.warn("git", "dirty")))).contains("\"status\" : \"warn\"").contains("\"exitCode\" : 0");
    }
}
