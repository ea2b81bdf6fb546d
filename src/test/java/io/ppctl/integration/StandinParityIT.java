package io.ppctl.integration;

import io.ppctl.testing.EngineIndependent;
import io.ppctl.config.ConfigLoader;
import io.ppctl.config.IntegrationCase;
import io.ppctl.smoke.ToolVersions;
import io.ppctl.testing.Fixtures;
import io.ppctl.testing.RealTools;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stand-ins of the fast tier (fixtures/policy-platform-standins/bin, run by busybox sh as in their image) and the
 * real kyverno, helm and pluto, on the same input: the parts ppctl reads (the version, kyverno's summary, counts and
 * failure blocks, helm's rendered documents, pluto's findings, targets and exit code) must be equal, so the stand-ins
 * cannot drift away from the real tools again. The input is the stand-in fixture's policies and chart, and the
 * project's own: policies/security-policy (rules written for Pods, which kyverno reports as autogen-<rule> for a
 * Deployment) on every integration case of ppctl.yaml, rendered by the real helm (the helm stand-in renders flat
 * values only, so it is compared on the fixture's chart).
 */
@EngineIndependent
class StandinParityIT {
    private static final Path STANDINS = Fixtures.dir("policy-platform-standins");
    private static final Path CHART = STANDINS.resolve("repos/backend-applications/charts/app");
    private static final Path POLICIES = STANDINS.resolve("repos/security-policy");
    private static final Path REPO = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
    private static Path work;
    private static Path busybox;

    record Run(int exitCode, String stdout, String stderr) {}

    @BeforeAll
    static void busyboxApplets() throws Exception {
        work = TestDocker.tempDir("ppctl-parity");
        busybox = work.resolve("busybox-bin");
        Files.createDirectories(busybox);
        Run install = exec(List.of("/bin/busybox", "--install", "-s", busybox.toString()), null, Map.of());
        assertThat(install.exitCode()).as(install.stderr()).isZero();
    }

    @AfterAll
    static void remove() {
        TestProject.deleteTree(work);
    }

    @Test
    void versionsReadTheSame() {
        for (String tool : List.of("kyverno", "pluto", "helm")) {
            String standin = ToolVersions.printed(standin(tool, List.of("version"), null).stdout()).orElse("none");
            String real = ToolVersions.printed(real(tool, List.of("version"), null).stdout()).orElse("none");
            assertThat(standin).as(tool + " version as ppctl reads it").isEqualTo(real);
        }
    }

    @Test
    void helmTemplateRendersTheSameDocuments() {
        for (List<String> extra : List.of(List.<String>of(), List.of("-f", CHART.resolve("values-privileged.yaml").toString()),
                List.of("--set", "image=registry.internal/backend:latest"))) {
            List<String> args = new ArrayList<>(List.of("template", "parity", CHART.toString()));
            args.addAll(extra);
            Run standin = standin("helm", args, null);
            Run real = real("helm", args, null);
            assertThat(standin.exitCode()).as("exit " + extra).isEqualTo(real.exitCode()).isZero();
            assertThat(documents(standin.stdout())).as("documents " + extra).isEqualTo(documents(real.stdout()));
        }
    }

    @Test
    void kyvernoApplyReportsTheSame() {
        for (List<String> values : List.of(List.<String>of(), List.of("-f", CHART.resolve("values-privileged.yaml").toString()),
                List.of("--set", "image=registry.internal/backend:latest"),
                List.of("-f", CHART.resolve("values-privileged.yaml").toString(), "--set", "image=registry.internal/backend:latest"))) {
            List<String> render = new ArrayList<>(List.of("template", "parity", CHART.toString()));
            render.addAll(values);
            assertKyvernoAgrees(POLICIES, real("helm", render, null).stdout(), values.toString());
        }
    }

    @Test
    void kyvernoApplyReportsTheSameOnTheProjectsOwnPoliciesForEveryIntegrationCase() {
        List<IntegrationCase> cases = ConfigLoader.load(REPO.resolve("ppctl.yaml"), true).integrationTests();
        assertThat(cases).filteredOn(c -> !c.expectViolations().isEmpty()).isNotEmpty();
        for (IntegrationCase c : cases) {
            KyvernoResult r = assertKyvernoAgrees(inRepo(c.policies()), render(c), c.name());
            assertThat(r.violationIds()).as(c.name() + ": the real kyverno reports what the case expects")
                    .containsExactlyInAnyOrderElementsOf(c.expectViolations());
        }
        // Kinds the chart does not render: a Pod (the rules' own names), a CronJob (autogen-cronjob-), and two rules
        // of one policy failing in one block.
        KyvernoResult kinds = assertKyvernoAgrees(REPO.resolve("policies/security-policy"),
                Fixtures.text("standin-parity/pod-cronjob-sidecar.yaml"), "pod-cronjob-sidecar.yaml");
        assertThat(kinds.violationIds()).contains("disallow-latest-tag/autogen-require-image-tag",
                "disallow-latest-tag/validate-image-tag", "disallow-latest-tag/autogen-cronjob-require-image-tag");
    }

    /** Stand-in and real kyverno apply POLICIES to the same manifests; returns what ppctl read from the real one. */
    private static KyvernoResult assertKyvernoAgrees(Path policies, String manifests, String label) {
        List<String> apply = List.of("apply", policies.toString(), "--resource", "-");
        Run standin = standin("kyverno", apply, manifests);
        Run real = real("kyverno", apply, manifests);
        KyvernoResult s = KyvernoOutputParser.parse(standin.stdout());
        KyvernoResult r = KyvernoOutputParser.parse(real.stdout());
        String both = label + "\n--- stand-in\n" + standin.stdout() + standin.stderr() + "\n--- real\n" + real.stdout() + real.stderr();
        assertThat(r.summary()).as("real kyverno printed a summary " + both).isPresent();
        assertThat(s.summary()).as("summary " + both).isEqualTo(r.summary());
        // ppctl compares violations as a set; the stand-in also prints them in kyverno's order (resources as given,
        // policy files by name, rules as written), messages included.
        assertThat(s.violations()).as("failure blocks " + both).isEqualTo(r.violations());
        assertThat(s.policyRules()).as("rules " + both).isEqualTo(r.policyRules());
        assertThat(s.resources()).as("resources " + both).isEqualTo(r.resources());
        assertThat(standin.exitCode()).as("exit code " + both).isEqualTo(real.exitCode());
        return r;
    }

    /** The manifests of one of the project's integration cases, rendered by the real helm as ppctl runs it. */
    private static String render(IntegrationCase c) {
        List<String> args = new ArrayList<>(List.of("template", c.name(), inRepo(c.chart()).toString()));
        c.values().forEach(v -> args.addAll(List.of("-f", inRepo(v).toString())));
        c.set().forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        Run helm = real("helm", args, null);
        assertThat(helm.exitCode()).as(c.name() + ": helm template " + helm.stderr()).isZero();
        return helm.stdout();
    }

    /** A path of ppctl.yaml in this repository: /repos/X is policies/X in the image, ./X the project's file. */
    private static Path inRepo(String path) {
        return path.startsWith("/repos/") ? REPO.resolve("policies").resolve(path.substring("/repos/".length())) : REPO.resolve(path);
    }

    @Test
    void plutoDetectReportsTheSameOnTheProjectsOwnChart() {
        List<IntegrationCase> cases = ConfigLoader.load(REPO.resolve("ppctl.yaml"), true).integrationTests().stream()
                .filter(c -> c.deprecationsKubernetes() != null).toList();
        assertThat(cases).extracting(IntegrationCase::name).contains("removed-ingress-api");
        for (IntegrationCase c : cases) {
            assertPlutoAgrees(render(c), c.deprecationsKubernetes(), c.name());
        }
    }

    @Test
    void plutoDetectReportsTheSame() {
        String manifests = String.join("\n",
                "apiVersion: extensions/v1beta1", "kind: Ingress", "metadata:", "  name: web", "  namespace: shop", "spec: {}",
                "---", "apiVersion: policy/v1beta1", "kind: PodDisruptionBudget", "metadata:", "  name: pdb", "spec: {}",
                "---", "apiVersion: flowcontrol.apiserver.k8s.io/v1beta3", "kind: FlowSchema", "metadata:", "  name: fs", "spec: {}",
                "---", "apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: fine", "spec: {}", "");
        for (String target : List.of("v1.20.0", "v1.23.0", "v1.30.0")) {
            for (String input : List.of(manifests, manifests.substring(manifests.indexOf("apiVersion: apps/v1")))) {
                assertPlutoAgrees(input, target, target);
            }
        }
    }

    private static void assertPlutoAgrees(String manifests, String target, String label) {
        List<String> args = List.of("detect", "-", "--target-versions", "k8s=" + target, "-o", "json");
        Run standin = standin("pluto", args, manifests);
        Run real = real("pluto", args, manifests);
        PlutoReport s = PlutoReportParser.parse(standin.stdout());
        PlutoReport r = PlutoReportParser.parse(real.stdout());
        String both = label + "\n--- stand-in\n" + standin.stdout() + standin.stderr() + "\n--- real\n" + real.stdout() + real.stderr();
        assertThat(s.findings()).as("findings " + both).containsExactlyInAnyOrderElementsOf(r.findings());
        assertThat(s.targetVersions()).as("targets " + both).isEqualTo(r.targetVersions());
        assertThat(standin.exitCode()).as("exit code " + both).isEqualTo(real.exitCode());
    }

    private static List<Object> documents(String yaml) {
        List<Object> out = new ArrayList<>();
        new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml).forEach(d -> {
            if (d != null) {
                out.add(d);
            }
        });
        return out;
    }

    private static Run standin(String tool, List<String> args, String stdin) {
        List<String> cmd = new ArrayList<>(List.of("/bin/busybox", "sh", STANDINS.resolve("bin").resolve(tool).toString()));
        cmd.addAll(args);
        return exec(cmd, stdin, Map.of("PATH", busybox.toString()));
    }

    private static Run real(String tool, List<String> args, String stdin) {
        List<String> cmd = new ArrayList<>(List.of(RealTools.binary(tool).toString()));
        cmd.addAll(args);
        return exec(cmd, stdin, Map.of("PATH", "/usr/bin:/bin"));
    }

    private static Run exec(List<String> cmd, String stdin, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().clear();
            pb.environment().putAll(env);
            Path home = Objects.requireNonNullElse(work, Path.of("/tmp")).resolve("home");
            pb.environment().put("HOME", home.toString());
            pb.environment().put("HELM_CACHE_HOME", home.resolve("helm/cache").toString());
            pb.environment().put("HELM_CONFIG_HOME", home.resolve("helm/config").toString());
            pb.environment().put("HELM_DATA_HOME", home.resolve("helm/data").toString());
            Path out = Files.createTempFile(work, "out", ".txt");
            Path err = Files.createTempFile(work, "err", ".txt");
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            // Real kyverno reads "-" only from a pipe: feed stdin through one, as ppctl's `cat | kyverno` does.
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", cmd) + " did not finish within 120 s");
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
