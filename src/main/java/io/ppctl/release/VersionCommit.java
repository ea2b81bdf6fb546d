package io.ppctl.release;

import io.ppctl.core.PpctlException;
import io.ppctl.project.Project;
import io.ppctl.version.Git;
import io.ppctl.version.Version;

/**
 * `release --bump` writes VERSION and commits it (that file alone) before the build, so the image's version and
 * revision labels, the sha tag and the git tag all name one commit whose VERSION is the released version.
 */
final class VersionCommit {
    private VersionCommit() {}

    /** Made during preflight: a commit that cannot be made must fail before anything is written or built. */
    static String canCommit(Project p) {
        Git.Result ident = p.gitRunner().run("var", "GIT_COMMITTER_IDENT");
        if (!ident.ok()) {
            throw PpctlException.usage("--bump commits VERSION, and git has no committer identity here ("
                    + ident.firstErrorLine() + "); set one with: git config user.name NAME && git config user.email EMAIL");
        }
        return "--bump commits " + p.config().version().file() + " before the build";
    }

    /** Writes {@code target}, commits VERSION alone and returns the new commit; on failure VERSION is put back. */
    static String make(Project p, Version current, Version target) {
        String file = p.config().version().file();
        Git git = p.gitRunner();
        p.versionFile().write(target);
        Git.Result add = git.run("add", "--", file);
        Git.Result commit = add.ok()
                ? git.run("commit", "-q", "-m", "Release " + target + " (ppctl release --bump, was " + current + ")", "--", file)
                : add;
        if (!commit.ok()) {
            p.versionFile().write(current);
            git.run("reset", "-q", "--", file);
            p.versionChanged(current);
            throw PpctlException.environment("could not commit " + file + " " + target + ": " + commit.firstErrorLine()
                    + "; VERSION is back at " + current, null, null);
        }
        p.gitChanged();
        return p.git().commit();
    }
}
