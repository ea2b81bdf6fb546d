package io.ppctl.testing;

import io.ppctl.project.Project;
import io.ppctl.rules.GateRecord;
import io.ppctl.rules.ReleaseStep;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * For tests about pushing a fixture image: records that it passed smoke-test, integration-test and scan, as those
 * commands would have. The gate rule itself is tested where push refuses an image without these records.
 */
public final class Gates {
    private Gates() {}

    public static void passed(Path projectDir, String imageRef) {
        String id = TestDocker.docker("image", "inspect", "--format", "{{.Id}}", imageRef).trim();
        Project project = Project.open(projectDir, null, Map.of());
        Map<ReleaseStep, String> digests = io.ppctl.push.GateSettings.current(project);
        for (ReleaseStep gate : List.of(ReleaseStep.SMOKE_TEST, ReleaseStep.INTEGRATION_TEST, ReleaseStep.SCAN)) {
            GateRecord.record(project, id, gate, digests.get(gate), true, "recorded by a test fixture");
        }
    }

    /** When {@code args} are a `-C DIR ... push --image REF` command line, marks REF as having passed every gate in DIR. */
    public static void passedForPushArgs(String... args) {
        List<String> a = List.of(args);
        int c = a.indexOf("-C");
        int image = a.indexOf("--image");
        if (a.contains("push") && c >= 0 && image >= 0 && image + 1 < a.size()) {
            passed(Path.of(a.get(c + 1)), a.get(image + 1));
        }
    }
}
