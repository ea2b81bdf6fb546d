package io.ppctl.cli;

import io.ppctl.core.ExitCode;
import io.ppctl.pipeline.Key;
import io.ppctl.pipeline.Pipeline;
import io.ppctl.pipeline.PartRuns;
import io.ppctl.pipeline.Step;
import io.ppctl.pipeline.StepContext;
import io.ppctl.pipeline.StepResult;
import io.ppctl.rules.TargetImage;
import io.ppctl.report.CheckReport;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/**
 * What smoke-test and integration-test share: --image and --junit, config validated before Docker is touched, the
 * step run, and its report printed and written as JUnit XML also when checks failed.
 */
abstract class CheckCommand extends PpctlSubcommand {

    @Option(names = "--image", paramLabel = "REF", description = "Test this local image instead of the last build.")
    String image;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the results as JUnit XML (one testcase per check).")
    Path junit;

    protected abstract Step step(String imageOption);

    protected abstract Key<CheckReport> reportKey();

    /** Bad input found before the step starts is one line on stderr (exit 2), not a step that starts and fails. */
    protected abstract void validate();

    @Override
    protected final ExitCode execute() {
        Path junitFile = CheckReportOutput.junitTarget(junit);
        project().config();
        validate();
        Step step = step(image);
        try (StepContext ctx = stepContext()) {
            TargetImage.usePlatformsOfLastBuild(ctx, image);
            Pipeline.Outcome outcome = new Pipeline(List.of(step)).run(ctx);
            List<PartRuns.Run> runs = ctx.get(PartRuns.KEY).map(r -> r.of(step.name())).orElse(List.of());
            if (!runs.isEmpty()) {
                CheckReportOutput.publish(console(), step.name(), runs, reportKey(), junitFile);
            } else {
                if (outcome.results().stream().allMatch(r -> r.status() == StepResult.Status.SKIPPED)) {
                    CheckReportOutput.publish(console(), new CheckReport(step.name(), "", null, List.of()), junitFile);
                }
                ctx.get(reportKey()).ifPresent(r -> CheckReportOutput.publish(console(), r, junitFile));
            }
            outcome.throwIfFailed();
            return ExitCode.OK;
        }
    }
}
