package io.ppctl.doctor;

import io.ppctl.config.PpctlConfig;
import io.ppctl.config.RegistryConfig;
import io.ppctl.core.ByteSize;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.docker.DaemonInfo;
import io.ppctl.docker.DockerClientFactory;
import io.ppctl.docker.DockerSession;
import io.ppctl.policies.PolicySyncCheck;
import io.ppctl.project.Project;
import io.ppctl.registry.CredentialResolver;
import io.ppctl.registry.Credentials;
import io.ppctl.registry.PlaceholderRegistry;
import io.ppctl.registry.RegistryClient;
import io.ppctl.registry.Retry;
import io.ppctl.version.GitFacts;
import io.ppctl.version.Version;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Whether everything a release needs is in place: the project files, the config, git, the registries' credentials
 * (never printed) and the Docker daemon. Unlike release's preflight it stops at nothing: every check runs and says
 * what it found, and what a release would refuse (a dirty tree, policies out of sync) is a warning here.
 */
public final class Doctor {
    private Doctor() {}

    /** {@code ppctl}: ppctl's own version line; {@code project} opens the project (bad input throws). */
    public static DoctorReport run(String ppctl, Supplier<Project> project) {
        List<Check> checks = new ArrayList<>();
        checks.add(Check.ok("ppctl", ppctl));
        Project p;
        try {
            p = project.get();
        } catch (PpctlException e) {
            checks.add(Check.failed("project", e));
            return DoctorReport.of(checks);
        }
        checks.add(Check.ok("project", p.dir().toString()));
        PpctlConfig config = check(checks, "config", p::config,
                c -> p.configExists() ? p.configFile().getFileName() + " is valid" : "no ppctl.yaml, using defaults");
        if (config != null) {
            check(checks, "VERSION", p::version, Version::toString);
            Path dockerfile = p.resolve(config.image().dockerfile());
            checks.add(Files.isRegularFile(dockerfile)
                    ? Check.ok("Dockerfile", config.image().dockerfile())
                    : Check.fail("Dockerfile", config.image().dockerfile() + " not found", ExitCode.USAGE));
            checks.add(policies(p));
            checks.add(pinnedPolicies(p));
            checks.add(Files.isRegularFile(p.resolve(".dockerignore")) ? Check.ok(".dockerignore", "present")
                    : Check.warn(".dockerignore", "missing: target/ and .git/ would be sent to the daemon with every build"));
            for (RegistryConfig r : config.registries()) {
                checks.add(registry(p, config, r));
            }
        }
        checks.add(git(p));
        checks.add(docker(p));
        return DoctorReport.of(checks);
    }

    private static Check docker(Project p) {
        try (DockerSession docker = DockerClientFactory.connect(p.env())) {
            DaemonInfo i = docker.info();
            String disk = i.freeDiskBytes() >= 0 ? ", " + ByteSize.format(i.freeDiskBytes()) + " free at " + i.dockerRootDir() : "";
            return Check.ok("docker", i.engineVersion() + " at " + i.host() + " (API " + i.apiVersion()
                    + ", using " + i.negotiatedApiVersion() + "), " + i.storage() + disk);
        } catch (PpctlException e) {
            return Check.failed("docker", e);
        }
    }

    /** Where the credentials come from (never their value) and whether the registry accepts them: one quick try. */
    private static Check registry(Project p, PpctlConfig config, RegistryConfig r) {
        String name = "registry " + r.name();
        Optional<String> placeholder = PlaceholderRegistry.problem(r);
        if (placeholder.isPresent()) {
            return Check.warn(name, placeholder.get());
        }
        try {
            Optional<Credentials> creds = new CredentialResolver(p.env(), Map.of()).resolve(r);
            RegistryClient client = new RegistryClient(r, creds, new Retry(config.push(), m -> { }).withAttempts(1));
            client.ping();
            if (creds.isEmpty()) {
                return Check.warn(name, r.repository()
                        + ": no credentials, the registry allows anonymous access (pushing will likely need them)");
            }
            try {
                client.checkPush();
            } catch (PpctlException denied) {
                return Check.warn(name, r.repository() + ": " + creds.get().describe() + ", accepted, but "
                        + denied.getMessage());
            }
            return Check.ok(name, r.repository() + ": " + creds.get().describe() + ", accepted, may push");
        } catch (PpctlException e) {
            Check failed = Check.failed(name, e);
            return new Check(name, failed.status(), r.repository() + ": " + failed.detail(), failed.exitCode());
        }
    }

    private static Check git(Project p) {
        try {
            GitFacts g = p.git();
            if (!g.repository()) {
                return Check.warn("git", "not a git repository: sha tags and the revision label cannot name a commit");
            }
            if (g.commit() == null) {
                return Check.warn("git", "no commits yet");
            }
            return g.dirty() ? Check.warn("git", g.shortCommit() + ", " + g.dirtyFiles().size()
                    + " uncommitted change(s): release needs a clean tree or --allow-dirty") : Check.ok("git", g.shortCommit() + ", clean");
        } catch (PpctlException e) {
            return Check.failed("git", e);
        }
    }

    private static Check policies(Project p) {
        Path dir = p.resolve("policies");
        if (!Files.isDirectory(dir)) {
            return Check.warn("policies", "no policies/ folder: the image would carry no policy repos");
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<String> repos = s.filter(Files::isDirectory).map(x -> x.getFileName().toString()).sorted().toList();
            String detail = repos.size() + " repo(s): " + String.join(", ", repos);
            return repos.isEmpty() ? Check.warn("policies", detail) : Check.ok("policies", detail);
        } catch (IOException e) {
            return Check.fail("policies", "cannot list policies/: " + e.getMessage(), ExitCode.USAGE);
        }
    }

    /** policies/ against policies.lock: a build would refuse a difference, so say it now. */
    private static Check pinnedPolicies(Project p) {
        try {
            return Check.ok("policies.lock", PolicySyncCheck.verify(p));
        } catch (PpctlException e) {
            return e.exitCode() == ExitCode.CHECK_FAILED ? Check.warn("policies.lock", e.getMessage())
                    : Check.fail("policies.lock", e.getMessage(), e.exitCode());
        }
    }

    private static <T> T check(List<Check> checks, String name, Supplier<T> what, Function<T, String> describe) {
        try {
            T t = what.get();
            checks.add(Check.ok(name, describe.apply(t)));
            return t;
        } catch (PpctlException e) {
            checks.add(Check.failed(name, e));
            return null;
        }
    }
}
