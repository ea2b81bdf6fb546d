package io.ppctl.cli;

import io.ppctl.core.ExitCode;
import io.ppctl.init.ProjectInit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;

@Command(name = "init",
        description = {"Write a commented ppctl.yaml for the project in this folder, from what is there: the image "
                + "name (the Dockerfile's title label, the git remote or the folder), the Dockerfile's *_VERSION pins as "
                + "smoke-test version checks, the folders under policies/ as /repos/ checks, and the git remote origin as "
                + "the registry (git@github.com:org/repo.git: ghcr.io/org/IMAGE).",
                "target/ (ppctl's state) is added to .gitignore when it is missing.",
                "",
                "The file is checked with ppctl's own config loader before anything is written. An existing ppctl.yaml "
                + "is never overwritten without --force: exit 1. No Dockerfile, or a bad --name: exit 2.",
                "",
                "Examples:",
                "  ppctl init                        # in the project folder",
                "  ppctl init --dry-run              # print the file, write nothing",
                "  ppctl -C ../my-image init --name my-image",
                "  ppctl init --force                # replace an existing ppctl.yaml"})
final class InitCommand extends PpctlSubcommand {
    @Option(names = "--force", description = "Replace the config file if it exists.")
    boolean force;

    @Option(names = {"-n", "--dry-run"}, description = "Print the config on stdout; write nothing.")
    boolean dryRun;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The image name (image.name). Default: the Dockerfile's org.opencontainers.image.title, else "
                    + "the git remote's repository, else the folder's name.")
    String name;

    @Option(names = "--dockerfile", paramLabel = "FILE", description = "The Dockerfile, relative to the project. Default: Dockerfile.")
    String dockerfile;

    @Override
    protected ExitCode execute() {
        ProjectInit.Result r = ProjectInit.run(new ProjectInit.Request(global().projectDir(), global().config, name,
                dockerfile, force, dryRun));
        console().result(r, out -> printText(out, r));
        return ExitCode.OK;
    }

    private void printText(PrintStream out, ProjectInit.Result r) {
        if (r.dryRun()) {
            // stdout is the file itself, so that `ppctl init --dry-run > other.yaml` works; the summary is a note.
            out.print(r.content());
            console().info("dry run: " + r.config() + (r.replaced() ? " exists; --force would replace it" : " not written"));
            return;
        }
        out.println((r.replaced() ? "replaced " : "wrote ") + r.config() + ": image " + r.image() + " from " + r.dockerfile());
        out.println("  version checks: " + (r.versionChecks().isEmpty() ? "none (no *_VERSION pins)" : String.join(", ", r.versionChecks())));
        out.println("  /repos/ checks: " + (r.policyRepos().isEmpty() ? "none (no policies/ folders)" : String.join(", ", r.policyRepos())));
        out.println("  registry:       " + (r.registry() != null ? r.registry() + " (from origin " + r.remote() + ")"
                : "none yet" + (r.remote() != null ? " (no registry known for " + r.remote() + ")" : " (no git remote origin)")));
        if (!r.gitignore().equals("present")) {
            out.println("  .gitignore:     target/ " + (r.gitignore().equals("created") ? "(file created)" : "added"));
        }
        out.println("next: check the file, then ppctl doctor and ppctl release --no-push");
    }
}
