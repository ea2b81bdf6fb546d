package io.ppctl.smoke;

import io.ppctl.config.SmokeTestsConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The policy platform's own smoke checks, used when ppctl.yaml declares none: each tool answers
 * {@code version} with exit code 0, and /repos/ holds a folder for every policy repo in the project's policies/.
 */
public final class DefaultChecks {
    public static final List<String> TOOLS = List.of("kyverno", "pluto", "helm");
    public static final String REPOS_DIR = "/repos/";

    private DefaultChecks() {}

    public static List<SmokeCheck> forPolicyRepos(List<String> policyRepos) {
        List<SmokeCheck> out = new ArrayList<>();
        for (String tool : TOOLS) {
            out.add(new SmokeCheck.Command(new SmokeTestsConfig.CommandCheck(tool + " version", List.of(tool, "version"), 0,
                    List.of(), List.of(), List.of(), List.of(), Map.of(), SmokeTestsConfig.DEFAULT_TIMEOUT)));
        }
        out.add(directory(REPOS_DIR));
        for (String repo : policyRepos) {
            out.add(directory(REPOS_DIR + repo));
        }
        return out;
    }

    private static SmokeCheck directory(String path) {
        return new SmokeCheck.File(new SmokeTestsConfig.FileCheck(path, true, "directory", "", List.<Pattern>of(), List.of()));
    }
}
