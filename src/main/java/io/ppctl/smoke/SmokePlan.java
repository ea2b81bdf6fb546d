package io.ppctl.smoke;

import io.ppctl.config.SmokeTestsConfig;
import io.ppctl.core.InputFiles;
import io.ppctl.project.Project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a smoke test checks, decided from the project before anything touches Docker: the declared checks, or
 * the policy platform's defaults when ppctl.yaml declares none (a {@code smokeTests: {}} with nothing in it counts as
 * none), plus one version check per tool the Dockerfile pins.
 */
public record SmokePlan(boolean defaults, List<SmokeCheck> checks, SmokeTestsConfig.MetadataCheck metadata) {
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    public static SmokePlan of(Project project) {
        SmokeTestsConfig config = project.config().smokeTests();
        boolean declared = config.declared()
                && (!config.commands().isEmpty() || !config.files().isEmpty() || !config.metadata().isEmpty());
        List<SmokeCheck> checks = new ArrayList<>();
        if (declared) {
            config.commands().forEach(c -> checks.add(new SmokeCheck.Command(c)));
        } else {
            checks.addAll(DefaultChecks.forPolicyRepos(policyRepos(project.resolve("policies"))));
        }
        checks.addAll(ToolVersions.pins(dockerfile(project)));
        if (declared) {
            config.files().forEach(f -> checks.add(new SmokeCheck.File(f)));
        }
        return new SmokePlan(!declared, List.copyOf(checks), declared ? config.metadata() : SmokeTestsConfig.MetadataCheck.NONE);
    }

    /** The longest the checks can take one after the other: how long the check container must live at most. */
    public Duration worstCase() {
        Duration total = Duration.ofMinutes(2);
        for (SmokeCheck c : checks) {
            total = total.plus(c instanceof SmokeCheck.Command cmd ? cmd.spec().timeout() : PROBE_TIMEOUT.multipliedBy(2));
        }
        return total;
    }

    /** Folders directly under policies/, sorted: each becomes /repos/NAME in the image. */
    static List<String> policyRepos(Path policies) {
        if (!Files.isDirectory(policies)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(policies)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String dockerfile(Project project) {
        try {
            return InputFiles.readText(project.resolve(project.config().image().dockerfile()),
                    InputFiles.TEXT_LIMIT);
        } catch (IOException e) {
            return null;
        }
    }
}
