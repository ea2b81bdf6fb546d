package io.ppctl.cli;

import io.ppctl.core.ExitCode;
import io.ppctl.pipeline.Pipeline;
import io.ppctl.pipeline.StepContext;
import io.ppctl.registry.Credentials;
import io.ppctl.rollback.RollbackResult;
import io.ppctl.rollback.RollbackStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;

@Command(name = "rollback",
        description = {"Point latest (and every other moving tag) in each registry back at a released VERSION, without "
                + "rebuilding: the version's manifest is stored again under each moving tag, which then has exactly the "
                + "version's digest (checked afterwards). Every registry must hold VERSION before any tag is moved.",
                "",
                "Credentials are found as for ppctl push. Exit codes: 1 VERSION is not in a registry (nothing changed) "
                        + "or is a pre-release; 2 bad VERSION or unknown --registry; 3 a registry refused or was unreachable.",
                "",
                "Examples:",
                "  ppctl rollback v1.0.1",
                "  ppctl rollback v1.0.1 --registry ghcr --dry-run",
                "  ppctl rollback v1.0.1 --output json"})
final class RollbackCommand extends PpctlSubcommand {

    @Parameters(index = "0", paramLabel = "VERSION", description = "The released version to point the moving tags at, e.g. v1.0.1.")
    String version;

    @Mixin
    RegistryOptions registryOptions = new RegistryOptions();

    @Option(names = {"-n", "--dry-run"}, description = "Check and show what would move, change nothing.")
    boolean dryRun;

    @Override
    protected ExitCode execute() {
        Map<String, Credentials> explicit = registryOptions.credentials(invocation().in(), project().config());
        RollbackStep.validate(project(), version);
        try (StepContext ctx = stepContext()) {
            new Pipeline(List.of(new RollbackStep(version, registryOptions.registries, explicit, dryRun))).run(ctx).throwIfFailed();
            RollbackResult result = ctx.require(RollbackStep.RESULT);
            console().result(result, out -> result.tags().forEach(t -> out.println(t.pinned()
                    + (t.changed() ? "" : result.dryRun() ? " (dry run)" : " (unchanged)"))));
        }
        return ExitCode.OK;
    }
}
