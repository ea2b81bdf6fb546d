package io.ppctl.build;

import io.ppctl.config.ImageConfig;
import io.ppctl.context.DockerIgnore;
import io.ppctl.core.ByteSize;
import io.ppctl.core.ExitCode;
import io.ppctl.core.InputFiles;
import io.ppctl.core.PpctlException;
import io.ppctl.docker.ImageBuilder;
import io.ppctl.docker.Labels;
import io.ppctl.platform.Platform;
import io.ppctl.project.Project;
import io.ppctl.project.ReleaseTags;
import io.ppctl.version.DockerReference;
import io.ppctl.version.Git;
import io.ppctl.version.GitFacts;
import io.ppctl.version.Version;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a build needs, checked before the daemon is asked for anything: the context and the Dockerfile
 * exist, .dockerignore and the build args are well formed, VERSION can name an image and every release tag is
 * valid. It holds the build args (VERSION, VCS_REF and BUILD_DATE added where the Dockerfile declares them) and the
 * labels of the image. Made by {@link #prepare}; {@link #forPlatform} copies it with {@link #toBuilder()}.
 */
public record BuildPlan(String imageName, Version version, Path contextDir, Path dockerfile, String dockerfileText, DockerIgnore ignore,
                        String target, Map<String, String> buildArgs, Map<String, String> labels, Long sizeBudget,
                        String sizeBudgetSource, boolean noCache, boolean pull, GitFacts git, Instant created,
                        List<String> warnings, List<Platform> platforms, Platform platform) {

    public static final String VERSION_ARG = "VERSION";
    public static final String VCS_REF_ARG = "VCS_REF";
    public static final String BUILD_DATE_ARG = "BUILD_DATE";

    /**
     * @param now         the time of the build
     * @param extraLabels labels from {@link LabelContributor}s; they may not replace ppctl's own
     */
    public static BuildPlan prepare(Project p, BuildOptions options, Instant now, Map<String, String> extraLabels) {
        ImageConfig image = p.config().image();
        Version version = p.version();
        DockerReference.tagProblem(version.toString()).ifPresent(problem -> {
            throw PpctlException.usage(p.versionFile().path().getFileName() + ": " + version + " cannot name an image: " + problem);
        });
        ReleaseTags.validate(p);
        Path context = p.resolve(image.context());
        if (!Files.isDirectory(context)) {
            throw PpctlException.usage("image.context: the build context " + context + " is not a folder");
        }
        Path dockerfile = p.resolve(image.dockerfile());
        if (!Files.isRegularFile(dockerfile)) {
            throw PpctlException.usage("image.dockerfile: no Dockerfile at " + dockerfile);
        }
        String dockerfileText = read(dockerfile, "the Dockerfile");
        DockerIgnore ignore = withoutStateDir(readIgnore(context), context, p.stateDir());
        Map<String, String> declared = DockerfileArgs.declared(dockerfileText);

        Map<String, String> args = new LinkedHashMap<>(image.buildArgs());
        for (String raw : options.buildArgs()) {
            addCommandLineArg(args, raw, p.env());
        }
        List<String> warnings = new ArrayList<>();
        GitFacts git = p.git();
        Instant created = created(p, git, options, now);
        Map<String, String> automatic = new LinkedHashMap<>();
        automatic.put(VERSION_ARG, version.toString());
        if (git.commit() != null) {
            automatic.put(VCS_REF_ARG, git.commit());
        }
        automatic.put(BUILD_DATE_ARG, BuildLabels.rfc3339(created));
        automatic.forEach((name, value) -> {
            if (!declared.containsKey(name)) {
                return;
            }
            if (args.containsKey(name)) {
                warnings.add("build arg " + name + "=" + args.get(name) + " replaces the " + value + " ppctl would pass");
            } else {
                args.put(name, value);
            }
        });

        Map<String, String> labels = BuildLabels.of(version.toString(), git, created, image.name(),
                DockerfileArgs.toolVersions(declared, args));
        extraLabels.forEach((key, value) -> {
            if (labels.containsKey(key) || key.equals(Labels.SESSION) || key.equals(Labels.MANAGED) || key.equals(Labels.PURPOSE)) {
                throw new PpctlException(ExitCode.INTERNAL, "a label contributor tried to set the reserved label " + key, null, null);
            }
            labels.put(key, value);
        });

        Long budget = image.sizeBudget();
        String budgetSource = "image.sizeBudget";
        if (options.maxSize() != null) {
            try {
                budget = ByteSize.parse(options.maxSize());
            } catch (IllegalArgumentException e) {
                throw PpctlException.usage("--max-size: " + e.getMessage());
            }
            budgetSource = "--max-size";
        }
        String target = options.target() != null ? options.target() : image.target();
        List<Platform> platforms = platforms(options, image);
        for (Platform pl : platforms.size() > 1 ? platforms.subList(0, 1) : List.<Platform>of()) {
            pl.targetArgs().keySet().stream().filter(args::containsKey).forEach(name -> warnings.add("build arg " + name + "="
                    + args.get(name) + " is passed to every platform's build; ppctl passes each platform its own " + name
                    + " when the build arg is not set"));
        }
        return builder().imageName(image.name()).version(version).contextDir(context).dockerfile(dockerfile)
                .dockerfileText(dockerfileText).ignore(ignore).target(target == null ? "" : target).buildArgs(Map.copyOf(args))
                .labels(java.util.Collections.unmodifiableMap(labels)).sizeBudget(budget)
                .sizeBudgetSource(budget == null ? null : budgetSource).noCache(options.noCache()).pull(options.pull()).git(git)
                .created(created).warnings(List.copyOf(warnings)).platforms(platforms).build();
    }

    /** --platform when given, else image.platforms; empty: the daemon's own platform. */
    public static List<Platform> platforms(BuildOptions options, ImageConfig image) {
        if (options.platforms().isEmpty()) {
            return image.platforms();
        }
        try {
            return Platform.parseList(options.platforms());
        } catch (Platform.InvalidException e) {
            throw PpctlException.usage("--platform: " + e.getMessage());
        }
    }

    /**
     * The build of one platform: the daemon is asked for {@code p}, and the Dockerfile gets TARGETPLATFORM, TARGETOS,
     * TARGETARCH and TARGETVARIANT as BuildKit would set them, where it declares them and the user did not set them.
     */
    public BuildPlan forPlatform(Platform p) {
        Map<String, String> declared = DockerfileArgs.declared(dockerfileText);
        Map<String, String> args = new LinkedHashMap<>(buildArgs);
        p.targetArgs().forEach((name, value) -> {
            if (declared.containsKey(name)) {
                args.putIfAbsent(name, value);
            }
        });
        return toBuilder().buildArgs(Map.copyOf(args)).platform(p).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return builder().imageName(imageName).version(version).contextDir(contextDir).dockerfile(dockerfile)
                .dockerfileText(dockerfileText).ignore(ignore).target(target).buildArgs(buildArgs).labels(labels)
                .sizeBudget(sizeBudget).sizeBudgetSource(sizeBudgetSource).noCache(noCache).pull(pull).git(git).created(created)
                .warnings(warnings).platforms(platforms).platform(platform);
    }

    /** Whether this build makes one image per platform of a list (an image index when pushed). */
    public boolean multiPlatform() {
        return !platforms.isEmpty();
    }

    /**
     * When the image counts as made (BUILD_DATE, the created label): for a clean tree the commit's time, the
     * reproducible-builds convention (SOURCE_DATE_EPOCH), so that building a commit again changes no build arg nor
     * label, is served from the cache and gives the very same image; the build's own time when the tree is dirty, or
     * with --no-cache or --pull (a rebuild on purpose, such as the weekly one with fresh base images).
     */
    static Instant created(Project p, GitFacts git, BuildOptions options, Instant now) {
        if (git.commit() == null || git.dirty() || options.noCache() || options.pull()) {
            return now;
        }
        Git.Result r = p.gitRunner().run("show", "-s", "--format=%ct", git.commit());
        try {
            return r.ok() ? Instant.ofEpochSecond(Long.parseLong(r.stdout().strip())) : now;
        } catch (NumberFormatException e) {
            return now;
        }
    }

    /** The local name `ppctl build` gives the image: image.name:VERSION. */
    public String reference() {
        return imageName + ":" + version;
    }

    public ImageBuilder.Request request() {
        return new ImageBuilder.Request(contextDir, dockerfile, dockerfileText, ignore, target, buildArgs, labels, noCache, pull,
                platform == null ? null : platform.toString());
    }

    /** "K=V" sets K; a bare "K" takes K from the environment, and is left out when it is not set there (as docker does). */
    static void addCommandLineArg(Map<String, String> args, String raw, Map<String, String> env) {
        int eq = raw.indexOf('=');
        String name = eq < 0 ? raw : raw.substring(0, eq);
        if (name.isEmpty() || !name.matches("[^\\s=]+")) {
            throw PpctlException.usage("--build-arg '" + raw + "': expected NAME=value (or NAME to take the value from the environment)");
        }
        if (eq >= 0) {
            args.put(name, raw.substring(eq + 1));
        } else if (env.containsKey(name)) {
            args.put(name, env.get(name));
        }
    }

    /**
     * ppctl's own state (target/ppctl: build and gate records, reports, the release lock) is never build input. Sent,
     * it would change the context, and so the cache of a COPY ., on every run; and reading the release lock file
     * would drop the lock: a POSIX lock is released when its process closes any descriptor of the file.
     */
    private static DockerIgnore withoutStateDir(DockerIgnore ignore, Path context, Path stateDir) {
        Path c = context.toAbsolutePath().normalize();
        Path s = stateDir.toAbsolutePath().normalize();
        return s.startsWith(c) && !s.equals(c) ? ignore.excluding(c.relativize(s).toString().replace('\\', '/')) : ignore;
    }

    private static DockerIgnore readIgnore(Path context) {
        Path file = context.resolve(".dockerignore");
        if (!Files.isRegularFile(file)) {
            return DockerIgnore.NONE;
        }
        try {
            return DockerIgnore.parse(read(file, ".dockerignore"));
        } catch (IllegalArgumentException e) {
            throw PpctlException.usage(file + ": " + e.getMessage());
        }
    }

    private static String read(Path file, String what) {
        try {
            return InputFiles.readText(file, InputFiles.TEXT_LIMIT);
        } catch (IOException e) {
            throw PpctlException.usage("cannot read " + what + " " + file + ": " + e.getMessage());
        }
    }

    /** One setter per field, named after it; what is not set is null, 0 or false. */
    public static final class Builder {
        private String imageName;
        private Version version;
        private Path contextDir;
        private Path dockerfile;
        private String dockerfileText;
        private DockerIgnore ignore;
        private String target;
        private Map<String, String> buildArgs;
        private Map<String, String> labels;
        private Long sizeBudget;
        private String sizeBudgetSource;
        private boolean noCache;
        private boolean pull;
        private GitFacts git;
        private Instant created;
        private List<String> warnings;
        private List<Platform> platforms;
        private Platform platform;

        private Builder() {}

        public Builder imageName(String imageName) { this.imageName = imageName; return this; }
        public Builder version(Version version) { this.version = version; return this; }
        public Builder contextDir(Path contextDir) { this.contextDir = contextDir; return this; }
        public Builder dockerfile(Path dockerfile) { this.dockerfile = dockerfile; return this; }
        public Builder dockerfileText(String dockerfileText) { this.dockerfileText = dockerfileText; return this; }
        public Builder ignore(DockerIgnore ignore) { this.ignore = ignore; return this; }
        public Builder target(String target) { this.target = target; return this; }
        public Builder buildArgs(Map<String, String> buildArgs) { this.buildArgs = buildArgs; return this; }
        public Builder labels(Map<String, String> labels) { this.labels = labels; return this; }
        public Builder sizeBudget(Long sizeBudget) { this.sizeBudget = sizeBudget; return this; }
        public Builder sizeBudgetSource(String sizeBudgetSource) { this.sizeBudgetSource = sizeBudgetSource; return this; }
        public Builder noCache(boolean noCache) { this.noCache = noCache; return this; }
        public Builder pull(boolean pull) { this.pull = pull; return this; }
        public Builder git(GitFacts git) { this.git = git; return this; }
        public Builder created(Instant created) { this.created = created; return this; }
        public Builder warnings(List<String> warnings) { this.warnings = warnings; return this; }
        public Builder platforms(List<Platform> platforms) { this.platforms = platforms; return this; }
        public Builder platform(Platform platform) { this.platform = platform; return this; }

        public BuildPlan build() {
            return new BuildPlan(imageName, version, contextDir, dockerfile, dockerfileText, ignore, target, buildArgs, labels,
                    sizeBudget, sizeBudgetSource, noCache, pull, git, created, warnings, platforms, platform);
        }
    }
}
