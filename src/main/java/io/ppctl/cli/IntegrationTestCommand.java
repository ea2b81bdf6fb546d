package io.ppctl.cli;

import io.ppctl.core.ExitCode;
import io.ppctl.integration.IntegrationTestStep;
import io.ppctl.pipeline.Pipeline;
import io.ppctl.pipeline.StepContext;
import io.ppctl.pipeline.StepResult;
import io.ppctl.report.CheckReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

@Command(name = "integration-test",
        description = {"Prove the policies work inside the image: for each integrationTests case of ppctl.yaml, render the chart "
                + "with helm, apply the policies with kyverno (and check deprecated APIs with pluto), and compare with what "
                + "the case expects (pass, or fail with exactly the listed violations). A kyverno error fails any case.",
                "Works on the image of the last 'ppctl build', or the one named with --image. ./paths in a case are the project's "
                + "files, mounted read-only at /workspace.",
                "Exit 0 all passed, 1 a case failed, 2 bad config or options, 3 image or Docker daemon unavailable.",
                "",
                "Examples:",
                "  ppctl integration-test",
                "  ppctl integration-test --image policy-platform:v1.2.0 --junit target/integration-test.xml"})
final class IntegrationTestCommand extends PpctlSubcommand {

    @Option(names = "--image", paramLabel = "REF", description = "Test this local image instead of the last build.")
    String image;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the results as JUnit XML (one testcase per case).")
    Path junit;

    @Override
    protected ExitCode execute() {
        Path junitFile = CheckReportOutput.junitTarget(junit);
        project().config();
        try (StepContext ctx = stepContext()) {
            Pipeline.Outcome outcome = new Pipeline(List.of(new IntegrationTestStep(image))).run(ctx);
            boolean skipped = outcome.results().stream().allMatch(r -> r.status() == StepResult.Status.SKIPPED);
            if (skipped) {
                CheckReportOutput.publish(console(), new CheckReport(IntegrationTestStep.NAME, "", null, List.of()), junitFile);
            }
            ctx.get(IntegrationTestStep.REPORT).ifPresent(r -> CheckReportOutput.publish(console(), r, junitFile));
            outcome.throwIfFailed();
            return ExitCode.OK;
        }
    }
}
