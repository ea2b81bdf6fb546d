package io.ppctl.scan;

import io.ppctl.core.AtomicFile;
import io.ppctl.core.PpctlException;
import io.ppctl.core.Text;
import io.ppctl.pipeline.StepContext;
import io.ppctl.supplychain.Sbom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The image's SBOMs (CycloneDX JSON, and SPDX JSON when signing.sbom asks for it), converted by Trivy from the
 * report of this very scan and kept under target/ppctl/sbom/ for push to attest. When signing is configured an
 * SBOM that cannot be made fails the scan (a release would be published without one); otherwise it is a warning.
 */
final class SbomWriter {
    private SbomWriter() {}

    static void write(StepContext ctx, Scanner scanner, ScanWorkspace ws, ScanSettings s, String imageId) {
        boolean required = ctx.project().config().signing().enabled();
        for (String format : ctx.project().config().signing().sbomFormats()) {
            String name = "sbom-" + format + ".json";
            try {
                scanner.convert(ws, s, format, name, ctx.events());
                Path target = Sbom.path(ctx.project(), imageId, format);
                AtomicFile.write(target, Files.readString(ws.outDir().resolve(name)));
                ctx.events().log(ScanStep.NAME, "SBOM (" + format + ") " + ctx.project().dir().toAbsolutePath()
                        .relativize(target.toAbsolutePath()));
            } catch (PpctlException | IOException e) {
                String why = "no " + format + " SBOM: trivy convert failed: " + Text.firstLine(e.getMessage());
                if (required) {
                    throw PpctlException.environment(why, "signing is configured, and a signed release carries its SBOM",
                            e instanceof PpctlException ? e : null);
                }
                ctx.events().warn(why);
            }
        }
    }
}
