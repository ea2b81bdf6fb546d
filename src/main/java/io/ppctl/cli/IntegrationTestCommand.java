package io.ppctl.cli;

import io.ppctl.integration.IntegrationTestStep;
import io.ppctl.pipeline.Key;
import io.ppctl.pipeline.Step;
import io.ppctl.report.CheckReport;
import io.ppctl.rules.TargetImage;
import picocli.CommandLine.Command;

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
                "  ppctl integration-test --image policy-platform:v1.2.0 \\",
                "      --junit target/integration-test.xml"})
final class IntegrationTestCommand extends CheckCommand {

    @Override
    protected Step step(String imageOption) {
        return new IntegrationTestStep(imageOption);
    }

    @Override
    protected Key<CheckReport> reportKey() {
        return IntegrationTestStep.REPORT;
    }

    /** Without cases the step is skipped, and needs no image. */
    @Override
    protected void validate() {
        if (!project().config().integrationTests().isEmpty()) {
            IntegrationTestStep.validate(project());
            TargetImage.checkOption(project(), image);
        }
    }
}
