package io.ppctl.supplychain;

import io.ppctl.project.Project;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The SBOMs of an image, written by scan from its own Trivy report (trivy convert) under target/ppctl/sbom/:
 * IMAGEHEX.cdx.json (CycloneDX JSON) and, when signing.sbom asks for it, IMAGEHEX.spdx.json (SPDX JSON).
 */
public final class Sbom {
    public static final String CYCLONEDX_PREDICATE = "https://cyclonedx.org/bom";
    public static final String SPDX_PREDICATE = "https://spdx.dev/Document";

    /** One SBOM file: its format ("cyclonedx", "spdx-json"), where it is, the in-toto predicate type it is attested as. */
    public record File(String format, Path path, String predicateType) {}

    private Sbom() {}

    public static Path dir(Project p) {
        return p.stateDir().resolve("sbom");
    }

    public static Path path(Project p, String imageId, String format) {
        String hex = imageId.replace("sha256:", "");
        return dir(p).resolve(hex + (format.equals("cyclonedx") ? ".cdx.json" : ".spdx.json"));
    }

    public static String predicateType(String format) {
        return format.equals("cyclonedx") ? CYCLONEDX_PREDICATE : SPDX_PREDICATE;
    }

    public static List<File> files(Project p, String imageId) {
        List<File> out = new ArrayList<>();
        for (String format : List.of("cyclonedx", "spdx-json")) {
            Path f = path(p, imageId, format);
            if (Files.isRegularFile(f)) {
                out.add(new File(format, f, predicateType(format)));
            }
        }
        return out;
    }

    /**
     * How many packages an SBOM lists: CycloneDX components of type library (Trivy also lists the OS and the image
     * as components), or SPDX packages with a package URL (Trivy's packages; its root and OS packages have none).
     */
    public static int packageCount(com.fasterxml.jackson.databind.JsonNode doc) {
        int n = 0;
        if (doc.has("components")) {
            for (com.fasterxml.jackson.databind.JsonNode c : doc.path("components")) {
                n += c.path("type").asText().equals("library") ? 1 : 0;
            }
            return n;
        }
        for (com.fasterxml.jackson.databind.JsonNode p : doc.path("packages")) {
            for (com.fasterxml.jackson.databind.JsonNode ref : p.path("externalRefs")) {
                if (ref.path("referenceType").asText().equals("purl")) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }
}
