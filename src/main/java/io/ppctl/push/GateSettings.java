package io.ppctl.push;

import io.ppctl.integration.IntegrationTestStep;
import io.ppctl.pipeline.GateRecord;
import io.ppctl.pipeline.Step;
import io.ppctl.project.Project;
import io.ppctl.scan.ScanOptions;
import io.ppctl.scan.ScanStep;
import io.ppctl.smoke.SmokeTestStep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configuration digest of each gate as push runs it (the project's config, no command-line overrides). */
public final class GateSettings {
    private GateSettings() {}

    public static Map<String, String> current(Project project) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Step gate : List.of(new SmokeTestStep(null), new IntegrationTestStep(null), new ScanStep(ScanOptions.defaults()))) {
            out.put(gate.name(), GateRecord.digest(gate.gateSettings(project)));
        }
        return out;
    }
}
