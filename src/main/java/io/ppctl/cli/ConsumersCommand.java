package io.ppctl.cli;

import io.ppctl.core.ExitCode;
import picocli.CommandLine.Command;

@Command(name = "consumers",
        description = {"The repositories whose pipelines use the image, pointed at a new release.",
                "",
                "ppctl.yaml's consumers lists them (name, repo, files, branch). ppctl rewrites the references to the "
                        + "image in those files and pushes the change on a branch of its own, for review.",
                "",
                "  update   point each consumer at a release (default: the last one), on a new branch",
                "  list     each consumer and the version it references now",
                "",
                "Examples:",
                "  ppctl consumers update --dry-run",
                "  ppctl consumers update v1.3.0",
                "  ppctl consumers list"},
        subcommands = {ConsumersUpdateCommand.class, ConsumersListCommand.class})
final class ConsumersCommand extends PpctlSubcommand {
    @Override
    protected ExitCode execute() {
        spec.commandLine().usage(invocation().err());
        return ExitCode.OK;
    }
}
