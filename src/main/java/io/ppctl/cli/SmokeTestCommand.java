package io.ppctl.cli;

import io.ppctl.core.ExitCode;
import io.ppctl.pipeline.Pipeline;
import io.ppctl.pipeline.StepContext;
import io.ppctl.smoke.SmokeTestStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

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
final class SmokeTestCommand extends PpctlSubcommand {

    @Option(names = "--image", paramLabel = "REF", description = "Test this local image instead of the last build.")
    String image;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the results as JUnit XML (one testcase per check).")
    Path junit;

    @Override
    protected ExitCode execute() {
        Path junitFile = CheckReportOutput.junitTarget(junit);
        project().config();
        try (StepContext ctx = stepContext()) {
            Pipeline.Outcome outcome = new Pipeline(List.of(new SmokeTestStep(image))).run(ctx);
            ctx.get(SmokeTestStep.REPORT).ifPresent(r -> CheckReportOutput.publish(console(), r, junitFile));
            outcome.throwIfFailed();
            return ExitCode.OK;
        }
    }
}
