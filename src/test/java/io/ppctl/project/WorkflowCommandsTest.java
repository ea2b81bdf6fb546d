package io.ppctl.project;

import io.ppctl.cli.CommandLineFactory;
import io.ppctl.cli.Invocation;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.DumperOptions;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every ppctl command line in the CI workflows and the Bitbucket example is one that ppctl's own parser accepts: the
 * command exists, every option exists and takes what it is given. The Markdown's command lines: {@link DocsCommandLinesTest}.
 */
class WorkflowCommandsTest {
    private static final Set<String> SCRIPT_KEYS = Set.of("run", "script", "after-script");

    /** A ppctl invocation and the file it is written in. */
    record Use(String file, ShellInvocations.Found found) {
        String where() {
            return file + ":" + found.line() + ": ppctl " + String.join(" ", found.args());
        }
    }

    @Test
    void everyPpctlCommandAndOptionInTheWorkflowsExists() {
        List<Use> uses = new ArrayList<>();
        for (Path f : ciFiles()) {
            List<Use> inFile = inYaml(f);
            assertThat(inFile).as(RepoFiles.relative(f) + " calls ppctl").isNotEmpty();
            uses.addAll(inFile);
        }
        List<String> problems = new ArrayList<>();
        for (Use u : uses) {
            problem(u.found().args()).ifPresent(p -> problems.add(u.where() + "\n    -> " + p));
        }
        assertThat(problems)
                .withFailMessage("%d of %d ppctl invocations are not accepted by ppctl's CLI:%n%s", problems.size(), uses.size(),
                        String.join(System.lineSeparator(), problems))
                .isEmpty();
    }

    @Test
    void theReleaseAndWeeklyPipelinesUseEveryStepOfARelease() {
        Set<String> weekly = commandsIn(RepoFiles.path(".github/workflows/weekly-rebuild.yml"));
        assertThat(weekly).contains("build", "tag", "smoke-test", "integration-test", "scan", "push");
        assertThat(commandsIn(RepoFiles.path(".github/workflows/release.yml"))).contains("release");
        assertThat(commandsIn(RepoFiles.path(".github/workflows/ci.yml"))).contains("release");
        assertThat(commandsIn(RepoFiles.path("docs/ci/bitbucket-pipelines.yml")))
                .contains("release", "build", "tag", "smoke-test", "integration-test", "scan", "push");
        for (Use u : inYaml(RepoFiles.path(".github/workflows/weekly-rebuild.yml"))) {
            assertThat(u.found().args()).as(u.where() + " uses the weekly config").startsWith("-c", "ppctl.weekly.yaml");
        }
    }

    @Test
    void theCiDryRunNeverPushes() {
        for (Use u : inYaml(RepoFiles.path(".github/workflows/ci.yml"))) {
            assertThat(u.found().args()).as(u.where()).doesNotContain("push");
            if (u.found().args().contains("release")) {
                assertThat(u.found().args()).as(u.where()).contains("--no-push");
            }
        }
    }

    @Test
    void registryCredentialsReachPpctlOnlyThroughTheEnvironment() {
        for (Path f : ciFiles()) {
            for (Use u : inYaml(f)) {
                assertThat(u.found().args()).as(u.where()).noneMatch(a -> a.equals("--password") || a.startsWith("--password="));
                assertThat(String.join(" ", u.found().args())).as(u.where()).doesNotContain("secrets.").doesNotContain("TOKEN");
            }
        }
        for (String wf : List.of("release.yml", "weekly-rebuild.yml")) {
            String text = RepoFiles.read(".github/workflows/" + wf);
            assertThat(text).as(wf).contains("PPCTL_GHCR_USERNAME: ${{ github.actor }}")
                    .contains("PPCTL_GHCR_PASSWORD: ${{ secrets.GITHUB_TOKEN }}");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void workflowsRunOnTheirTriggersWithTheLeastPermissions() {
        Map<String, Object> ci = workflow("ci.yml");
        assertThat((Map<String, Object>) trigger(ci)).containsKeys("pull_request", "push");
        assertThat(RepoFiles.at(ci, "permissions.contents")).isEqualTo("read");

        Map<String, Object> release = workflow("release.yml");
        assertThat(RepoFiles.at(trigger(release), "push.branches")).isEqualTo(List.of("main"));
        assertThat(RepoFiles.at(trigger(release), "push.paths")).isEqualTo(List.of("VERSION"));
        assertThat(RepoFiles.at(release, "permissions.packages")).isEqualTo("write");
        assertThat(RepoFiles.at(release, "concurrency.cancel-in-progress")).isEqualTo(false);

        Map<String, Object> weekly = workflow("weekly-rebuild.yml");
        assertThat((Map<String, Object>) trigger(weekly)).containsKeys("schedule", "workflow_dispatch");
        assertThat(RepoFiles.at(weekly, "permissions.packages")).isEqualTo("write");
        assertThat(RepoFiles.at(weekly, "permissions.contents")).isEqualTo("read");
    }

    @Test
    void theCheckNamesAnUnknownCommand() {
        assertThat(problem(List.of("-c", "ppctl.weekly.yaml", "no-such-command", "--pull"))).hasValue("unknown command 'no-such-command'");
    }

    @Test
    void theCheckNamesAnUnknownOptionOfAnExistingCommand() {
        assertThat(problem(List.of("version", "--output", "json", "--no-such-option")))
                .hasValueSatisfying(p -> assertThat(p).startsWith("'ppctl version' has no option [--no-such-option]"));
    }

    @Test
    void theCheckAcceptsGlobalOptionsAroundAnExistingCommandAndRefusesAMissingParameter() {
        assertThat(problem(List.of("-C", "/tmp", "--no-color", "doctor", "-q"))).isEmpty();
        assertThat(problem(List.of("bump"))).hasValueSatisfying(p -> assertThat(p).startsWith("'ppctl bump': Missing required parameter"));
    }

    /** Why ppctl's parser refuses these arguments, naming the unknown command or option; empty when accepted. */
    static java.util.Optional<String> problem(List<String> args) {
        return problem(args, true);
    }

    /**
     * @param complete false for a command named in prose ("run `ppctl verify` then"): a missing required parameter or
     *                 option is no problem there, an unknown command or option and a bad value still are
     */
    static java.util.Optional<String> problem(List<String> args, boolean complete) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        CommandLine cli = CommandLineFactory.create(new Invocation(sink, sink, Map.of(), false));
        try {
            cli.parseArgs(args.toArray(String[]::new));
            return java.util.Optional.empty();
        } catch (CommandLine.UnmatchedArgumentException e) {
            CommandLine where = e.getCommandLine();
            List<String> unmatched = e.getUnmatched();
            if (where == cli && !unmatched.isEmpty() && !unmatched.get(0).startsWith("-")) {
                return java.util.Optional.of("unknown command '" + unmatched.get(0) + "'");
            }
            List<String> options = unmatched.stream().filter(a -> a.startsWith("-")).toList();
            return java.util.Optional.of("'" + where.getCommandSpec().qualifiedName() + "' has no option "
                    + (options.isEmpty() ? unmatched : options) + " (" + e.getMessage().lines().findFirst().orElse("") + ")");
        } catch (CommandLine.MissingParameterException e) {
            return complete ? java.util.Optional.of("'" + e.getCommandLine().getCommandSpec().qualifiedName() + "': " + e.getMessage())
                    : java.util.Optional.empty();
        } catch (CommandLine.ParameterException e) {
            return java.util.Optional.of("'" + e.getCommandLine().getCommandSpec().qualifiedName() + "': " + e.getMessage());
        }
    }

    private static List<Path> ciFiles() {
        List<Path> files = new ArrayList<>(RepoFiles.files(".github/workflows", ".yml"));
        files.add(RepoFiles.path("docs/ci/bitbucket-pipelines.yml"));
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("ci.yml", "release.yml", "weekly-rebuild.yml", "bitbucket-pipelines.yml");
        return files;
    }

    /** The subcommand names ppctl is called with in a file (after global options such as -c FILE). */
    private static Set<String> commandsIn(Path file) {
        Set<String> out = new LinkedHashSet<>();
        for (Use u : inYaml(file)) {
            List<String> args = u.found().args();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("-c") || a.equals("-C") || a.equals("--config") || a.equals("--project-dir") || a.equals("--output")) {
                    i++;
                } else if (!a.startsWith("-")) {
                    out.add(a);
                    break;
                }
            }
        }
        return out;
    }

    /** ppctl invocations in the run:, script: and after-script: blocks of a YAML file, each once (anchors repeat them). */
    static List<Use> inYaml(Path file) {
        LoaderOptions options = new LoaderOptions();
        Node root = new Yaml(new SafeConstructor(options)).compose(new StringReader(RepoFiles.read(file)));
        Set<Use> out = new LinkedHashSet<>();
        collect(root, false, RepoFiles.relative(file), out);
        return List.copyOf(out);
    }

    private static void collect(Node node, boolean script, String file, Set<Use> out) {
        if (node instanceof ScalarNode s && script) {
            boolean block = s.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL || s.getScalarStyle() == DumperOptions.ScalarStyle.FOLDED;
            int firstLine = s.getStartMark().getLine() + (block ? 2 : 1);
            for (ShellInvocations.Found f : ShellInvocations.find(s.getValue(), firstLine)) {
                out.add(new Use(file, f));
            }
        } else if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(item -> collect(item, script, file, out));
        } else if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                boolean isScript = t.getKeyNode() instanceof ScalarNode k && SCRIPT_KEYS.contains(k.getValue());
                collect(t.getValueNode(), isScript, file, out);
            }
        }
    }

    private static Map<String, Object> workflow(String name) {
        return RepoFiles.yamlMap(".github/workflows/" + name);
    }

    /** YAML 1.1 reads the key {@code on} as the boolean true. */
    private static Object trigger(Map<String, Object> workflow) {
        Object on = workflow.get("on");
        return on != null ? on : ((Map<Object, Object>) (Map<?, ?>) workflow).get(Boolean.TRUE);
    }
}
