package io.ppctl.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command: global options and the list of subcommands ({@link #SUBCOMMANDS}). */
@Command(name = "ppctl",
        mixinStandardHelpOptions = true,
        versionProvider = PpctlVersionProvider.class,
        sortOptions = false,
        header = "Version, build, test, scan and publish the policy-platform image.",
        description = {
                "",
                "A release is: ppctl release  (preflight -> build -> tag -> smoke-test -> integration-test -> scan -> push).",
                "Each step is also a command of its own, for CI jobs that run one step each.",
                ""})
public final class PpctlCommand implements Runnable {
    /**
     * Every subcommand, in the order help lists them. Not in the annotation: picocli would build all of their models on
     * every start; {@link CommandLineFactory} registers the ones the command line names (bench/README.md).
     */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(
            ReleaseCommand.class,
            BuildCommand.class,
            TagCommand.class,
            SmokeTestCommand.class,
            IntegrationTestCommand.class,
            ScanCommand.class,
            PushCommand.class,
            RollbackCommand.class,
            VerifyCommand.class,
            VersionCommand.class,
            BumpCommand.class,
            PoliciesCommand.class,
            ConsumersCommand.class,
            InitCommand.class,
            DoctorCommand.class,
            CleanCommand.class,
            CompletionCommand.class);

    @Mixin
    GlobalOptions global = new GlobalOptions();

    @Spec
    CommandSpec spec;

    private final Invocation invocation;

    public PpctlCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    Invocation invocation() {
        return invocation;
    }

    GlobalOptions global() {
        return global;
    }

    @Override
    public void run() {
        // "ppctl" alone: show what there is to do.
        spec.commandLine().usage(invocation.err());
    }
}
