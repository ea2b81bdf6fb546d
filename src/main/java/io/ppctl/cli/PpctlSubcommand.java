package io.ppctl.cli;

import io.ppctl.console.Console;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.event.EventBus;
import io.ppctl.pipeline.StepContext;
import io.ppctl.project.Project;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * Base of every subcommand: gives it the console, the project and a step context built from the global
 * options. Subcommands stay thin: parse their own options, build what they need, run it, report.
 */
public abstract class PpctlSubcommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean helpRequested;

    private Console console;
    private Project project;

    @Override
    public final Integer call() throws Exception {
        return execute().code();
    }

    /** Does the command's work; throws PpctlException for anything that is not a success. */
    protected abstract ExitCode execute() throws Exception;

    protected PpctlCommand root() {
        return (PpctlCommand) spec.root().userObject();
    }

    protected GlobalOptions global() {
        return root().global();
    }

    protected Invocation invocation() {
        return root().invocation();
    }

    /** The console if this command opened one (null before). */
    Console openConsole() {
        return console;
    }

    protected Console console() {
        if (console == null) {
            console = ConsoleFactory.create(invocation(), global());
        }
        return console;
    }

    protected Project project() {
        if (project == null) {
            project = Project.open(global().projectDir(), global().config, invocation().env());
        }
        return project;
    }

    /** A step context whose events go to this command's console. Close it (try-with-resources). */
    protected StepContext stepContext() {
        EventBus bus = new EventBus().subscribe(console().renderer());
        return new StepContext(project(), bus);
    }

    protected static PpctlException usage(String message) {
        return PpctlException.usage(message);
    }
}
