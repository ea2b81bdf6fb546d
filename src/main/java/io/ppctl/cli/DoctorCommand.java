package io.ppctl.cli;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.doctor.Check;
import io.ppctl.doctor.Doctor;
import io.ppctl.doctor.DoctorReport;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.List;

@Command(name = "doctor",
        description = {"Check that everything a release needs is in place: the Docker daemon, the project files, "
                + "the config, git, and registry credentials (never printed).",
                "Exit 0 when all is fine, 2 when the project or config is invalid, 3 when the daemon is unreachable "
                        + "or a registry is unreachable, lacks credentials or refuses them.",
                "For each registry it says where the credentials come from (PPCTL_<NAME>_PASSWORD, a credential helper, "
                        + "docker config) and asks the registry whether it accepts them.",
                "",
                "Examples:",
                "  ppctl doctor",
                "  DOCKER_HOST=tcp://build-host:2376 ppctl doctor --output json"})
final class DoctorCommand extends PpctlSubcommand {

    @Override
    protected ExitCode execute() {
        String[] version = new PpctlVersionProvider().getVersion();
        DoctorReport report = Doctor.run(version[0] + ", " + version[1], this::project);
        console().result(report, out -> print(out, report));
        if (report.exit() != ExitCode.OK) {
            // The report is the result (stdout); stderr still says in one line why the exit code is not 0, as for
            // every other command.
            List<String> failed = report.failed();
            throw new PpctlException(report.exit(), "doctor: " + failed.size() + " check(s) failed: "
                    + String.join(", ", failed) + " (see the report above)", null, null);
        }
        return ExitCode.OK;
    }

    private void print(PrintStream out, DoctorReport report) {
        var s = console().style();
        for (Check c : report.checks()) {
            String mark = switch (c.status()) {
                case OK -> s.green("ok  ");
                case WARN -> s.yellow("warn");
                case FAIL -> s.red("FAIL");
            };
            out.printf("%s  %-14s %s%n", mark, c.name(), c.detail());
        }
    }
}
