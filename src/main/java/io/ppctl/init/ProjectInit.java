package io.ppctl.init;

import io.ppctl.config.ConfigException;
import io.ppctl.config.ConfigLoader;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.core.Quote;
import io.ppctl.project.Project;
import io.ppctl.core.AtomicFile;
import io.ppctl.version.DockerReference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ppctl init}: surveys the project, renders its ppctl.yaml, proves the text loads with ppctl's own config
 * loader, and only then writes: .gitignore first (adding target/ is harmless on its own), then the config, each
 * replaced whole. Everything that can be refused is refused before the first write.
 */
public final class ProjectInit {
    /**
     * @param configFile the config file as given with -c (relative to {@code dir}), or null for ppctl.yaml
     * @param name       the image name to write, or null to derive one
     * @param dockerfile the Dockerfile relative to {@code dir}, or null for Dockerfile
     */
    public record Request(Path dir, Path configFile, String name, String dockerfile, boolean force, boolean dryRun) {}

    /**
     * What init wrote, or with {@code dryRun} would write; the JSON shape of {@code ppctl init --output json}.
     *
     * @param gitignore "present" (target/ ignored already), "added" or "created"
     */
    public record Result(String config, boolean dryRun, boolean replaced, String image, String dockerfile,
                         List<String> versionChecks, List<String> policyRepos, String remote, String registry,
                         String gitignore, String content) {}

    private ProjectInit() {}

    public static Result run(Request req) {
        // Open only checks the folder and names the config file; nothing is read before the survey.
        Project project = Project.open(req.dir(), req.configFile(), Map.of());
        Path dir = project.dir();
        Path config = project.configFile();
        if (Files.isDirectory(config)) {
            throw PpctlException.usage(config + ": is a folder; name the config file to write with -c FILE");
        }
        boolean exists = Files.exists(config);
        if (exists && !req.force() && !req.dryRun()) {
            throw PpctlException.checkFailed(config + " exists already; ppctl init does not overwrite it (--force replaces "
                    + "it, --dry-run prints what it would write)");
        }
        if (req.name() != null) {
            DockerReference.repositoryProblem(req.name()).ifPresent(p -> {
                throw PpctlException.usage("--name: " + p);
            });
        }
        ProjectSurvey survey = ProjectSurvey.of(dir, req.dockerfile() == null ? "Dockerfile" : req.dockerfile());
        String image = req.name() != null ? req.name() : imageName(survey);
        Optional<GitRemote.Suggestion> registry = survey.remote().flatMap(r -> r.registryFor(image));
        String text = StarterConfig.render(survey, image, registry);
        validate(config, text, req.name());

        boolean ignored = survey.gitignore() != null && GitIgnore.ignoresTarget(survey.gitignore());
        String gitignore = ignored ? "present" : survey.gitignore() == null ? "created" : "added";
        if (!req.dryRun()) {
            if (!ignored) {
                AtomicFile.write(dir.resolve(".gitignore"), GitIgnore.withTarget(survey.gitignore()));
            }
            AtomicFile.write(config, text);
        }
        return new Result(dir.relativize(config).toString(), req.dryRun(), exists, image, survey.dockerfile(),
                List.copyOf(survey.toolPins().keySet()), survey.policyRepos(), survey.remote().map(GitRemote::toString).orElse(null),
                registry.map(GitRemote.Suggestion::repository).orElse(null), gitignore, text);
    }

    /** The name to build the image as: the Dockerfile's title label, else the remote's repository, else the folder. */
    static String imageName(ProjectSurvey survey) {
        Path folder = survey.dir().getFileName();
        return survey.title().map(ProjectInit::repositoryComponent).filter(n -> !n.isEmpty())
                .or(() -> survey.remote().map(r -> repositoryComponent(r.repositoryName())).filter(n -> !n.isEmpty()))
                .or(() -> Optional.ofNullable(folder).map(f -> repositoryComponent(f.toString())).filter(n -> !n.isEmpty()))
                .orElse("image");
    }

    /** Lower-case letters and digits joined by '-': always a valid repository name component, or empty. */
    static String repositoryComponent(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }

    /** The config ppctl init writes must be one ppctl reads; with a derived name anything else is a bug of init. */
    private static void validate(Path config, String text, String givenName) {
        try {
            ConfigLoader.parse(config.getFileName().toString(), text);
        } catch (ConfigException e) {
            if (givenName != null) {
                throw PpctlException.usage("--name " + Quote.of(givenName) + " gives an invalid config: " + e.getMessage());
            }
            throw new PpctlException(ExitCode.INTERNAL, "ppctl init made a config ppctl cannot read: " + e.getMessage(), null, e);
        }
    }
}
