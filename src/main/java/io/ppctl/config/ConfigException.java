package io.ppctl.config;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;

import java.util.List;

/** The configuration is invalid; lists every problem found, so the user fixes them all in one go. */
public final class ConfigException extends PpctlException {
    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(ExitCode.USAGE, summarize(problems));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String summarize(List<ConfigProblem> problems) {
        if (problems.size() == 1) {
            return problems.get(0).format();
        }
        StringBuilder sb = new StringBuilder(problems.size() + " configuration problems:");
        for (ConfigProblem p : problems) {
            sb.append(System.lineSeparator()).append("  ").append(p.format());
        }
        return sb.toString();
    }
}
