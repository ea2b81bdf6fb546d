package io.ppctl.smoke;

import io.ppctl.docker.ExecResult;
import io.ppctl.report.CheckResult;

import java.util.List;
import java.util.Optional;

/** Judges {@code <tool> version} against the version the Dockerfile pins. Pure. */
public final class VersionPinEvaluator {
    private VersionPinEvaluator() {}

    public static List<String> command(SmokeCheck.VersionPin pin) {
        return List.of(pin.tool(), "version");
    }

    public static CheckResult evaluate(SmokeCheck.VersionPin pin, ExecResult r) {
        String expected = pin.pinned() + " (" + pin.arg() + " in the Dockerfile)";
        if (r.timedOut() || r.exitCode() != 0) {
            String why = r.timedOut() ? "'" + pin.tool() + " version' timed out" : "'" + pin.tool() + " version' exited " + r.exitCode();
            return CheckResult.fail(pin.name(), pin.kind(), r.duration(), why, expected, CommandEvaluator.actual(r));
        }
        Optional<String> printed = ToolVersions.printed(r.stdout()).or(() -> ToolVersions.printed(r.stderr()));
        if (printed.isEmpty()) {
            return CheckResult.fail(pin.name(), pin.kind(), r.duration(), pin.tool() + " printed no version",
                    expected, CommandEvaluator.actual(r));
        }
        if (ToolVersions.same(printed.get(), pin.pinned())) {
            return CheckResult.pass(pin.name(), pin.kind(), r.duration());
        }
        return CheckResult.fail(pin.name(), pin.kind(), r.duration(), pin.tool() + " is " + printed.get() + " but the Dockerfile pins "
                + pin.arg() + "=" + pin.pinned(), expected, CommandEvaluator.actual(r));
    }
}
