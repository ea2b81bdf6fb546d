package io.ppctl.cli;

import io.ppctl.pipeline.Key;
import io.ppctl.pipeline.Step;
import io.ppctl.report.CheckReport;
import io.ppctl.rules.TargetImage;
import io.ppctl.smoke.SmokeTestStep;
import picocli.CommandLine.Command;

@Command(name = "smoke-test",
        description = {"Prove the image works: run the smokeTests of ppctl.yaml (commands, files, image metadata) inside one "
                + "container of it. Without smokeTests: kyverno, pluto and helm answer 'version', and /repos/ holds every "
                + "folder of policies/. Tools whose *_VERSION the Dockerfile pins must print that version.",
                "Works on the image of the last 'ppctl build', or the one named with --image.",
                "Exit 0 all passed, 1 a check failed, 2 bad config or options, 3 image or Docker daemon unavailable.",
                "",
                "Examples:",
                "  ppctl smoke-test",
                "  ppctl smoke-test --image policy-platform:v1.2.0 --junit target/smoke-test.xml",
                "  ppctl smoke-test --output json"})
final class SmokeTestCommand extends CheckCommand {

    @Override
    protected Step step(String imageOption) {
        return new SmokeTestStep(imageOption);
    }

    @Override
    protected Key<CheckReport> reportKey() {
        return SmokeTestStep.REPORT;
    }

    @Override
    protected void validate() {
        TargetImage.checkOption(project(), image);
    }
}
