package io.ppctl.scan;

import io.ppctl.event.EventBus;

/** A way to run Trivy: an executable on this machine, or the scanner image in a container. */
interface Scanner {
    /** "binary" or "image". */
    String kind();

    /** The executable's path or the image reference. */
    String location();

    /** How messages name this scanner: "Trivy (/usr/local/bin/trivy)" or "Trivy (scanner image aquasec/trivy:0.67.2)". */
    default String who() {
        return "binary".equals(kind()) ? "Trivy (" + location() + ")" : "Trivy (scanner image " + location() + ")";
    }

    /** Runs `trivy image` on the workspace's archive and returns the JSON report; throws PpctlException (exit 3). */
    String scan(ScanWorkspace workspace, ScanSettings settings, EventBus events, String step);

    /**
     * Runs `trivy convert` on the report {@link #scan} left in the workspace, writing {@code format} (cyclonedx,
     * spdx-json) to {@code outputName} in the workspace's out folder: the SBOM from the very scan, no second look at the image.
     */
    void convert(ScanWorkspace workspace, ScanSettings settings, String format, String outputName, EventBus events);
}
