package io.ppctl.cli;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.project.Project;
import io.ppctl.version.BumpAdvisor;
import io.ppctl.version.BumpLevel;
import io.ppctl.version.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.List;

@Command(name = "bump",
        description = {"Raise the version in VERSION by the project's rules, keeping its 'v' prefix style.",
                "",
                "  major  breaking: a tool upgrade, a policy repo removed or renamed, a changed policy structure",
                "  minor  a new policy repo or a new tool",
                "  patch  policy updates and fixes",
                "  auto   infer the level from what changed since the last release (the newest version tag)",
                "",
                "Examples:",
                "  ppctl bump patch                 v1.0.2 -> v1.0.3",
                "  ppctl bump minor --pre rc        v1.2.3 -> v1.3.0-rc.1, then v1.3.0-rc.2, ...",
                "  ppctl bump minor                 v1.3.0-rc.2 -> v1.3.0",
                "  ppctl bump auto --explain --dry-run"})
final class BumpCommand extends PpctlSubcommand {

    enum Level { major, minor, patch, auto }

    @Parameters(index = "0", paramLabel = "LEVEL", description = "One of: ${COMPLETION-CANDIDATES}.")
    Level level;

    @Option(names = "--pre", paramLabel = "ID", description = "Make a pre-release with this identifier, e.g. rc (v1.3.0-rc.1).")
    String pre;

    @Option(names = {"-n", "--dry-run"}, description = "Print the new version without writing VERSION.")
    boolean dryRun;

    @Option(names = "--explain", description = "With auto: list the files behind the decision.")
    boolean explain;

    /** The JSON shape of `ppctl bump --output json`. */
    record BumpResult(String from, String to, String level, boolean written, String since, List<Reason> reasons) {}

    /** One file behind an auto decision; the level lower-case like the result's own. */
    record Reason(String level, String path, String why) {
        static Reason of(BumpAdvisor.Reason r) {
            return new Reason(r.level().lower(), r.path(), r.why());
        }
    }

    @Override
    protected ExitCode execute() {
        if (pre != null && !pre.matches("[0-9A-Za-z-]+")) {
            throw usage("--pre '" + pre + "' is not a valid pre-release identifier (letters, digits, '-'; e.g. rc, beta)");
        }
        if (explain && level != Level.auto) {
            throw usage("--explain goes with 'bump auto'");
        }
        Project p = project();
        Version from = p.version();
        BumpLevel chosen;
        BumpAdvisor.Decision decision = null;
        if (level == Level.auto) {
            decision = new BumpAdvisor(p.gitRunner(), p.dir(), p.config().image().dockerfile(), "policies").decide();
            if (decision.level().isEmpty()) {
                throw PpctlException.checkFailed("nothing changed since " + decision.base() + "; no bump needed");
            }
            chosen = decision.level().get();
        } else {
            chosen = BumpLevel.valueOf(level.name().toUpperCase(java.util.Locale.ROOT));
        }
        Version to = from.bump(chosen, pre);
        if (!dryRun) {
            p.versionFile().write(to);
            p.versionChanged(to);
        }
        BumpResult result = new BumpResult(from.toString(), to.toString(), chosen.lower(), !dryRun,
                decision == null ? null : decision.base(), decision == null ? List.of() : decision.reasons().stream().map(Reason::of).toList());
        BumpAdvisor.Decision d = decision;
        console().result(result, out -> printText(out, result, d));
        return ExitCode.OK;
    }

    private void printText(PrintStream out, BumpResult r, BumpAdvisor.Decision decision) {
        if (decision != null) {
            out.println(r.level() + " (changes since " + (decision.base() == null ? "the first commit" : decision.base()) + ")");
            if (explain) {
                for (BumpAdvisor.Reason reason : decision.reasons()) {
                    out.printf("  %-5s %s: %s%n", reason.level().lower(), reason.path(), reason.why());
                }
            }
        }
        out.println(r.from() + " -> " + r.to() + (r.written() ? "" : " (dry run, VERSION unchanged)"));
    }
}
