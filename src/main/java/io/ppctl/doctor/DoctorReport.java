package io.ppctl.doctor;

import io.ppctl.core.ExitCode;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Every check, in order, and the exit code of the whole: the worst of the checks' (the JSON of `doctor --output json`). */
public record DoctorReport(List<Check> checks, int exitCode) {
    /**
     * An unreachable daemon or registry (3) ranks first: nothing else can be checked for real without them. Then the
     * highest code, so bad input (2) outranks a failed check (1).
     */
    private static final Comparator<ExitCode> WORST_LAST = Comparator.comparing((ExitCode e) -> e == ExitCode.ENVIRONMENT)
            .thenComparingInt(ExitCode::code);

    static DoctorReport of(List<Check> checks) {
        ExitCode worst = checks.stream().map(c -> exitCodeOf(c.exitCode())).max(WORST_LAST).orElse(ExitCode.OK);
        return new DoctorReport(List.copyOf(checks), worst.code());
    }

    public ExitCode exit() {
        return exitCodeOf(exitCode);
    }

    /** The names of the checks that failed. */
    public List<String> failed() {
        return checks.stream().filter(c -> c.exitCode() != 0).map(Check::name).toList();
    }

    private static ExitCode exitCodeOf(int code) {
        return Arrays.stream(ExitCode.values()).filter(e -> e.code() == code).findFirst().orElse(ExitCode.INTERNAL);
    }
}
