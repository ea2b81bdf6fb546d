package io.ppctl.cli;

import io.ppctl.core.ExitCode;
import picocli.AutoComplete;
import picocli.CommandLine.Command;

@Command(name = "completion",
        description = {"Print a bash/zsh completion script for ppctl.",
                "",
                "Examples:",
                "  source <(ppctl completion)                     # this shell",
                "  ppctl completion > /etc/bash_completion.d/ppctl  # every shell"})
final class CompletionCommand extends PpctlSubcommand {
    @Override
    protected ExitCode execute() {
        invocation().out().print(AutoComplete.bash("ppctl", spec.root().commandLine()));
        invocation().out().flush();
        return ExitCode.OK;
    }
}
