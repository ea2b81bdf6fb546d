package io.ppctl;

import io.ppctl.cli.CommandLineFactory;
import io.ppctl.cli.Invocation;
import io.ppctl.cli.Signals;
import io.ppctl.cli.WarmUp;
import io.ppctl.core.Cleanup;
import io.ppctl.docker.DockerClientFactory;

import java.io.PrintStream;
import java.util.Map;

/** Entry point. The only System.exit of ppctl is here; tests call {@link #run}. */
public final class Ppctl {
    private Ppctl() {}

    public static void main(String[] args) {
        // Library logging is off (simplelogger.properties); with --verbose their warnings help to diagnose.
        if (java.util.Arrays.asList(args).contains("-v") || java.util.Arrays.asList(args).contains("--verbose")) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        // Connecting to Docker is mostly first-run set-up code: let a second core do it while the command line is parsed.
        WarmUp.startFor(args, DockerClientFactory::warmUp);
        Invocation invocation = new Invocation(System.out, System.err, System.getenv(), System.console() != null, System.in);
        Signals.install(Thread.currentThread());
        int code = run(invocation, args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs one ppctl command in-process and returns its exit code; everything it started is removed. */
    public static int run(Invocation invocation, String... args) {
        try {
            return CommandLineFactory.forArgs(invocation, args).execute(args);
        } finally {
            Cleanup.global().runAll();
        }
    }

    /** Convenience for tests: non-interactive, with the given environment. */
    public static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        return run(new Invocation(out, err, env, false), args);
    }
}
