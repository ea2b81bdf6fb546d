package io.ppctl.init;

import io.ppctl.config.PpctlConfig;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The ppctl.yaml that ppctl init writes: the keys a release needs, filled from what the survey found, each with a
 * comment that says where its value came from and what to change. Pure: text in, text out.
 */
public final class StarterConfig {
    private StarterConfig() {}

    public static String render(ProjectSurvey survey, String image, Optional<GitRemote.Suggestion> registry) {
        StringBuilder y = new StringBuilder();
        y.append("""
                # How ppctl builds, tests, scans and publishes this image. Written by `ppctl init` from what it found in
                # this folder: check the values, then run `ppctl doctor` and `ppctl release --no-push`.
                # Every key is optional; all of them, with their defaults: ppctl's docs/configuration.md.

                """);
        y.append("image:\n");
        y.append("  name: ").append(image).append("  # built as ").append(image).append(":<VERSION>\n");
        y.append("  dockerfile: ").append(scalar(survey.dockerfile())).append('\n');
        y.append("""
                  context: .
                  # sizeBudget: 500MB  # the build fails above this size

                version:
                  file: VERSION  # one semantic version, such as v0.1.0

                # Every release: the version (for people), sha-<commit> (for audits) and latest.
                """);
        y.append("tags: [");
        List<String> tags = PpctlConfig.DEFAULT_TAGS;
        for (int i = 0; i < tags.size(); i++) {
            y.append(i == 0 ? "" : ", ").append('"').append(tags.get(i)).append('"');
        }
        y.append("]\n\n");
        registries(y, survey, image, registry);
        smokeTests(y, survey);
        y.append("""

                # Charts rendered with values that must pass or fail the policies, judged by kyverno inside the image
                # (ppctl integration-test). A case with expect: fail proves the policies reject a bad manifest:
                # integrationTests:
                #   - name: defaults-pass
                #     chart: /repos/<charts-repo>/charts/<chart>  # or ./path in this project
                #     policies: /repos/<policy-repo>
                #     expect: pass
                integrationTests: []

                # The vulnerability gate (ppctl scan): a finding at or above failOn fails the release.
                scan:
                  failOn: CRITICAL
                  ignoreFile: .trivyignore  # accepted findings, one ID per line, with a reason and exp:YYYY-MM-DD
                """);
        return y.toString();
    }

    private static void registries(StringBuilder y, ProjectSurvey survey, String image, Optional<GitRemote.Suggestion> registry) {
        if (registry.isPresent()) {
            GitRemote.Suggestion r = registry.get();
            String prefix = "PPCTL_" + r.name().toUpperCase(Locale.ROOT) + "_";
            y.append("# Where ppctl push publishes; from the git remote origin (").append(survey.remote().orElseThrow())
                    .append(").\n# Credentials: ").append(prefix).append("USERNAME and ").append(prefix)
                    .append("PASSWORD, or docker login.\n");
            y.append("registries:\n  - name: ").append(r.name()).append("\n    repository: ").append(r.repository()).append("\n\n");
            return;
        }
        y.append("# Where ppctl push publishes: ")
                .append(survey.remote().map(r -> "ppctl knows no registry for the git remote origin (" + r + "),")
                        .orElse("there is no git remote origin to suggest one from,"))
                .append(" so none yet.\n# Credentials of a registry named ghcr: PPCTL_GHCR_USERNAME and PPCTL_GHCR_PASSWORD, or docker login.\n")
                .append("# registries:\n#   - name: ghcr\n#     repository: ghcr.io/<your-org>/").append(image).append('\n')
                .append("registries: []\n\n");
    }

    private static void smokeTests(StringBuilder y, ProjectSurvey survey) {
        if (survey.toolPins().isEmpty() && survey.policyRepos().isEmpty()) {
            y.append("""
                    # Checks run inside the built image (ppctl smoke-test). The Dockerfile pins no *_VERSION and there is no
                    # policies/ folder, so none were written: without this section ppctl checks kyverno, pluto and helm and
                    # /repos/, as a policy-platform image has them. For example:
                    # smokeTests:
                    #   commands:
                    #     - name: the tool runs
                    #       command: ["my-tool", "--version"]
                    #       expectedOutput: ['^my-tool 1\\.2\\.3']
                    """);
            return;
        }
        y.append("# Checks run inside the built image (ppctl smoke-test).\nsmokeTests:\n");
        y.append("  commands:");
        if (survey.toolPins().isEmpty()) {
            y.append(" []\n");
        } else {
            y.append("""

                        # One per *_VERSION pin of the Dockerfile: the tool must print the pinned version. Remove the
                        # checks of pins that are not tools of the image (a build stage's compiler, say).
                    """);
            for (Map.Entry<String, String> pin : survey.toolPins().entrySet()) {
                String tool = tool(pin.getKey());
                y.append("    - name: ").append(scalar(tool + " " + pin.getValue())).append("  # ").append(pin.getKey()).append('\n');
                y.append("      command: [\"").append(tool).append("\", \"version\"]\n");
                y.append("      expectedOutput: ['").append(versionPattern(pin.getValue()).replace("'", "''")).append("']\n");
            }
        }
        y.append("  files:");
        if (survey.policyRepos().isEmpty()) {
            y.append(" []\n");
        } else {
            y.append("\n    # One per folder under policies/: the Dockerfile is expected to copy each to /repos/<name>.\n");
            for (String repo : survey.policyRepos()) {
                y.append("    - path: ").append(scalar("/repos/" + repo)).append("\n      type: directory\n");
            }
        }
    }

    /** KYVERNO_VERSION is kyverno, KUBE_LINTER_VERSION kube-linter: the executable the pin is for, by convention. */
    static String tool(String arg) {
        return arg.substring(0, arg.length() - "_VERSION".length()).toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The pinned version as a regex that finds it in what {@code <tool> version} prints: with or without a leading v
     * (kyverno prints 1.15.2, helm v3.19.0), and not as the start of a longer version (1.15.2 is not 1.15.20).
     */
    static String versionPattern(String pinned) {
        String bare = pinned.startsWith("v") || pinned.startsWith("V") ? pinned.substring(1) : pinned;
        StringBuilder p = new StringBuilder("\\bv?");
        for (char c : bare.toCharArray()) {
            if (".^$*+?()[]{}|\\".indexOf(c) >= 0) {
                p.append('\\');
            }
            p.append(c);
        }
        if (!bare.isEmpty() && Character.isLetterOrDigit(bare.charAt(bare.length() - 1))) {
            p.append("\\b");
        }
        return p.toString();
    }

    /** A value YAML reads back as the same string: plain when it is safe, else double-quoted. */
    static String scalar(String value) {
        if (value.matches("[A-Za-z0-9_./]([A-Za-z0-9_./ -]*[A-Za-z0-9_./])?") && !value.matches("(?i)true|false|yes|no|on|off|null|~|[0-9.]+")) {
            return value;
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
