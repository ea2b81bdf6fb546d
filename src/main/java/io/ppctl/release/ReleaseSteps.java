package io.ppctl.release;

import io.ppctl.build.BuildStep;
import io.ppctl.build.LabelContributor;
import io.ppctl.integration.IntegrationTestStep;
import io.ppctl.pipeline.Step;
import io.ppctl.push.PushStep;
import io.ppctl.rules.ReleaseStep;
import io.ppctl.rules.RuledStep;
import io.ppctl.scan.ScanOptions;
import io.ppctl.scan.ScanStep;
import io.ppctl.smoke.SmokeTestStep;
import io.ppctl.tag.TagStep;

import java.util.ArrayList;
import java.util.List;

/** A release is this ordered list of the same steps the single commands run. */
final class ReleaseSteps {
    private ReleaseSteps() {}

    static List<Step> of(ReleaseOptions o) {
        ScanOptions scan = ScanOptions.builder().sarif(o.sarif())
                .junit(o.junitDir() == null ? null : o.junitDir().resolve("scan.xml")).build();
        List<RuledStep> all = List.of(
                new BuildStep(o.buildOptions(), LabelContributor.defaults()),
                new TagStep(null, false),
                new SmokeTestStep(null),
                new IntegrationTestStep(null),
                new ScanStep(scan),
                new PushStep(new PushStep.Options(null, o.registries(), o.credentials(), o.allowOverwrite())));
        List<Step> steps = new ArrayList<>();
        for (RuledStep s : all) {
            if (o.skip().contains(s.kind())) {
                steps.add(new ForcedSkip(s, "skipped by --skip " + s.name()));
            } else if (s.kind() == ReleaseStep.PUSH && o.noPush()) {
                steps.add(new ForcedSkip(s, "--no-push: the image is built, tested and scanned, not published"));
            } else {
                steps.add(s);
            }
        }
        return steps;
    }
}
