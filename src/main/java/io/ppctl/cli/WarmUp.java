package io.ppctl.cli;

import io.ppctl.rules.ReleaseStep;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Connecting to Docker is mostly first-run set-up code: for a command line whose command talks to the daemon, a
 * second core runs that code while the main thread parses the command line.
 */
public final class WarmUp {
    /** The commands that talk to the Docker daemon: every release step, and these. */
    static final Set<String> COMMANDS = Stream.concat(ReleaseStep.words().stream(), Stream.of("release", "doctor", "clean"))
            .collect(Collectors.toUnmodifiableSet());
    private static final Set<String> NO_COMMAND_RUNS = Set.of("-h", "--help", "-V", "--version");

    private WarmUp() {}

    /** Starts {@code warmUp} when the command line names a command that talks to Docker; says whether it did. */
    public static boolean startFor(String[] args, Runnable warmUp) {
        if (!needed(args)) {
            return false;
        }
        Thread t = new Thread(warmUp, "ppctl-docker-warm-up");
        t.setDaemon(true);
        t.start();
        return true;
    }

    static boolean needed(String[] args) {
        boolean docker = false;
        for (String a : args) {
            if (NO_COMMAND_RUNS.contains(a)) {
                return false;
            }
            docker |= COMMANDS.contains(a);
        }
        return docker;
    }
}
