package io.ppctl.cli;

import io.ppctl.core.ExitCode;
import picocli.CommandLine.Command;

@Command(name = "policies",
        description = {"Policy repos as pinned dependencies of the image.",
                "",
                "ppctl.yaml's policyRepos says what to take, policies.lock (commit it) pins the exact commits, "
                        + "and policies/<name> holds their files, which the image carries under /repos/<name>.",
                "",
                "  sync     make policies/ match policies.lock (never moves a pin)",
                "  update   move pins to what their refs point to now; report the bump",
                "  list     each repo, its pin, and whether policies/ matches it",
                "",
                "Examples:",
                "  ppctl policies update --bump",
                "  ppctl policies sync",
                "  ppctl policies list"},
        subcommands = {PoliciesSyncCommand.class, PoliciesUpdateCommand.class, PoliciesListCommand.class})
final class PoliciesCommand extends PpctlSubcommand {
    @Override
    protected ExitCode execute() {
        spec.commandLine().usage(invocation().err());
        return ExitCode.OK;
    }
}
