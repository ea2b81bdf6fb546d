package io.ppctl.push;

import io.ppctl.integration.IntegrationTestStep;
import io.ppctl.project.Project;
import io.ppctl.rules.GateRecord;
import io.ppctl.rules.ReleaseStep;
import io.ppctl.rules.RuledStep;
import io.ppctl.scan.ScanOptions;
import io.ppctl.scan.ScanStep;
import io.ppctl.smoke.SmokeTestStep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configuration digest of each gate as push runs it (the project's config, no command-line overrides). */
public final class GateSettings {
    private GateSettings() {}

    public static Map<ReleaseStep, String> current(Project project) {
        Map<ReleaseStep, String> out = new LinkedHashMap<>();
        for (RuledStep gate : List.of(new SmokeTestStep(null), new IntegrationTestStep(null), new ScanStep(ScanOptions.defaults()))) {
            out.put(gate.kind(), GateRecord.digest(gate.gateSettings(project)));
        }
        return out;
    }
}
