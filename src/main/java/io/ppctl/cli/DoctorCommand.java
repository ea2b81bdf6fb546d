package io.ppctl.cli;

import io.ppctl.config.ByteSize;
import io.ppctl.config.PpctlConfig;
import io.ppctl.config.RegistryConfig;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.docker.DaemonInfo;
import io.ppctl.docker.DockerClientFactory;
import io.ppctl.docker.DockerSession;
import io.ppctl.project.Project;
import io.ppctl.registry.CredentialResolver;
import io.ppctl.registry.Credentials;
import io.ppctl.registry.RegistryClient;
import io.ppctl.registry.Retry;
import io.ppctl.version.GitFacts;
import io.ppctl.version.Version;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

@Command(name = "doctor",
        description = {"Check that everything a release needs is in place: the Docker daemon, the project files, "
                + "the config, git, and registry credentials (never printed).",
                "Exit 0 when all is fine, 2 when the project or config is invalid, 3 when the daemon is unreachable "
                        + "or a registry is unreachable, lacks credentials or refuses them.",
                "For each registry it says where the credentials come from (PPCTL_<NAME>_PASSWORD, a credential helper, "
                        + "docker config) and asks the registry whether it accepts them.",
                "",
                "Examples:",
                "  ppctl doctor",
                "  DOCKER_HOST=tcp://build-host:2376 ppctl doctor --output json"})
final class DoctorCommand extends PpctlSubcommand {

    /** One line of the report; {@code exitCode} is what this check alone would make ppctl return. */
    record Check(String name, String status, String detail, int exitCode) {}

    record DoctorReport(List<Check> checks, int exitCode) {}

    @Override
    protected ExitCode execute() {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("ppctl", "ok", new PpctlVersionProvider().getVersion()[0] + ", "
                + new PpctlVersionProvider().getVersion()[1], 0));
        Project p;
        try {
            p = project();
        } catch (PpctlException e) {
            checks.add(fail("project", e));
            return finish(checks);
        }
        checks.add(new Check("project", "ok", p.dir().toString(), 0));
        PpctlConfig config = check(checks, "config", () -> p.config(),
                c -> p.configExists() ? p.configFile().getFileName() + " is valid" : "no ppctl.yaml, using defaults");
        if (config != null) {
            check(checks, "VERSION", p::version, Version::toString);
            Path dockerfile = p.resolve(config.image().dockerfile());
            checks.add(Files.isRegularFile(dockerfile)
                    ? new Check("Dockerfile", "ok", config.image().dockerfile(), 0)
                    : new Check("Dockerfile", "fail", config.image().dockerfile() + " not found", ExitCode.USAGE.code()));
            checks.add(policies(p));
            checks.add(pinnedPolicies(p));
            checks.add(new Check(".dockerignore", Files.isRegularFile(p.resolve(".dockerignore")) ? "ok" : "warn",
                    Files.isRegularFile(p.resolve(".dockerignore")) ? "present"
                            : "missing: target/ and .git/ would be sent to the daemon with every build", 0));
            for (RegistryConfig r : config.registries()) {
                checks.add(registry(p, config, r));
            }
        }
        checks.add(git(p));
        checks.add(docker(p));
        return finish(checks);
    }

    private ExitCode finish(List<Check> checks) {
        int code = checks.stream().mapToInt(Check::exitCode).filter(c -> c != 0)
                .map(c -> c == ExitCode.ENVIRONMENT.code() ? 1000 : c).max().orElse(0);
        ExitCode exit = code == 1000 ? ExitCode.ENVIRONMENT : code == 0 ? ExitCode.OK : exitCodeOf(code);
        DoctorReport report = new DoctorReport(checks, exit.code());
        console().result(report, out -> print(out, report));
        if (exit != ExitCode.OK) {
            // The report is the result (stdout); stderr still says in one line why the exit code is not 0, as for
            // every other command.
            List<String> failed = checks.stream().filter(c -> c.exitCode() != 0).map(Check::name).toList();
            throw new PpctlException(exit, "doctor: " + failed.size() + " check(s) failed: " + String.join(", ", failed)
                    + " (see the report above)", null, null);
        }
        return exit;
    }

    private static ExitCode exitCodeOf(int code) {
        for (ExitCode e : ExitCode.values()) {
            if (e.code() == code) {
                return e;
            }
        }
        return ExitCode.INTERNAL;
    }

    private void print(PrintStream out, DoctorReport report) {
        var s = console().style();
        for (Check c : report.checks()) {
            String mark = switch (c.status()) {
                case "ok" -> s.green("ok  ");
                case "warn" -> s.yellow("warn");
                default -> s.red("FAIL");
            };
            out.printf("%s  %-14s %s%n", mark, c.name(), c.detail());
        }
    }

    private Check docker(Project p) {
        try (DockerSession docker = DockerClientFactory.connect(p.env())) {
            DaemonInfo i = docker.info();
            String disk = i.freeDiskBytes() >= 0 ? ", " + ByteSize.format(i.freeDiskBytes()) + " free at " + i.dockerRootDir() : "";
            return new Check("docker", "ok", "Docker " + i.serverVersion() + " at " + i.host() + " (API " + i.apiVersion()
                    + ", using " + i.negotiatedApiVersion() + "), " + i.storageDriver() + disk, 0);
        } catch (PpctlException e) {
            return fail("docker", e);
        }
    }

    /** Where the credentials come from (never their value) and whether the registry accepts them: one quick try. */
    private static Check registry(Project p, PpctlConfig config, RegistryConfig r) {
        String name = "registry " + r.name();
        try {
            Optional<Credentials> creds = new CredentialResolver(p.env(), Map.of()).resolve(r);
            RegistryClient client = new RegistryClient(r, creds, new Retry(config.push(), m -> { }).withAttempts(1));
            client.ping();
            if (creds.isEmpty()) {
                return new Check(name, "warn", r.repository()
                        + ": no credentials, the registry allows anonymous access (pushing will likely need them)", 0);
            }
            try {
                client.checkPush();
            } catch (PpctlException denied) {
                return new Check(name, "warn", r.repository() + ": " + creds.get().describe() + ", accepted, but "
                        + denied.getMessage(), 0);
            }
            return new Check(name, "ok", r.repository() + ": " + creds.get().describe() + ", accepted, may push", 0);
        } catch (PpctlException e) {
            Check failed = fail(name, e);
            return new Check(name, failed.status(), r.repository() + ": " + failed.detail(), failed.exitCode());
        }
    }

    private static Check git(Project p) {
        try {
            GitFacts g = p.git();
            if (!g.repository()) {
                return new Check("git", "warn", "not a git repository: sha tags and the revision label cannot name a commit", 0);
            }
            if (g.commit() == null) {
                return new Check("git", "warn", "no commits yet", 0);
            }
            return new Check("git", g.dirty() ? "warn" : "ok", g.shortCommit() + (g.dirty()
                    ? ", " + g.dirtyFiles().size() + " uncommitted change(s): release needs a clean tree or --allow-dirty" : ", clean"), 0);
        } catch (PpctlException e) {
            return fail("git", e);
        }
    }

    private static Check policies(Project p) {
        Path dir = p.resolve("policies");
        if (!Files.isDirectory(dir)) {
            return new Check("policies", "warn", "no policies/ folder: the image would carry no policy repos", 0);
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<String> repos = s.filter(Files::isDirectory).map(x -> x.getFileName().toString()).sorted().toList();
            return new Check("policies", repos.isEmpty() ? "warn" : "ok", repos.size() + " repo(s): " + String.join(", ", repos), 0);
        } catch (IOException e) {
            return new Check("policies", "fail", "cannot list policies/: " + e.getMessage(), ExitCode.USAGE.code());
        }
    }

    /** policies/ against policies.lock: a build would refuse a difference, so say it now. */
    private static Check pinnedPolicies(Project p) {
        try {
            return new Check("policies.lock", "ok", io.ppctl.policies.PolicySyncCheck.verify(p), 0);
        } catch (PpctlException e) {
            return new Check("policies.lock", e.exitCode() == ExitCode.CHECK_FAILED ? "warn" : "fail", e.getMessage(),
                    e.exitCode() == ExitCode.CHECK_FAILED ? 0 : e.exitCode().code());
        }
    }

    private static <T> T check(List<Check> checks, String name, Supplier<T> what, java.util.function.Function<T, String> describe) {
        try {
            T t = what.get();
            checks.add(new Check(name, "ok", describe.apply(t), 0));
            return t;
        } catch (PpctlException e) {
            checks.add(fail(name, e));
            return null;
        }
    }

    private static Check fail(String name, PpctlException e) {
        String detail = e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")");
        return new Check(name, "fail", detail.replace(System.lineSeparator(), " "), e.exitCode().code());
    }
}
