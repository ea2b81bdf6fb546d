package io.ppctl.cli;

import io.ppctl.consumers.ConsumerList;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.pipeline.StepContext;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

@Command(name = "list",
        description = {"Show each consumer and the version of the image it references now.",
                "",
                "Reads each consumer's base branch from a temporary clone; changes nothing. Exit 3 when a consumer "
                        + "cannot be cloned (the others are still listed).",
                "",
                "Examples:",
                "  ppctl consumers list",
                "  ppctl consumers list --output json"})
final class ConsumersListCommand extends PpctlSubcommand {

    @Override
    protected ExitCode execute() {
        ConsumerList.Result result;
        try (StepContext ctx = stepContext()) {
            result = ConsumerList.run(project(), ctx.events());
        }
        console().result(result, out -> print(out, result));
        PpctlException failure = result.failure();
        if (failure != null) {
            throw failure;
        }
        return ExitCode.OK;
    }

    private void print(PrintStream out, ConsumerList.Result r) {
        var s = console().style();
        int width = r.consumers().stream().mapToInt(e -> e.name().length()).max().orElse(0);
        for (ConsumerList.Entry e : r.consumers()) {
            String what;
            if (e.error() != null) {
                what = s.red("error: " + e.error());
            } else if (e.references() == 0) {
                what = s.yellow("no reference");
            } else {
                List<String> parts = new ArrayList<>(e.versions());
                e.digests().forEach(d -> parts.add("@" + d.substring(0, Math.min(d.length(), 19))));
                e.moving().forEach(m -> parts.add(m + " (moving)"));
                what = String.join(", ", parts) + s.dim("  " + e.references() + " reference" + (e.references() == 1 ? "" : "s")
                        + " in " + String.join(", ", e.files()));
            }
            out.printf("%-" + width + "s  %s  %s  %s%n", e.name(), e.repo(), e.base() == null ? "-" : e.base(), what);
        }
    }
}
