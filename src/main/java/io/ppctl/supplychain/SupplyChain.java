package io.ppctl.supplychain;

import io.ppctl.config.SigningConfig;
import io.ppctl.pipeline.Key;
import io.ppctl.project.Project;
import io.ppctl.registry.Manifest;
import io.ppctl.rules.GateRecord;
import io.ppctl.rules.ReleaseStep;
import io.ppctl.core.InputFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The signing key of a run and the attestations of an image: provenance from the build's facts, the gate results
 * from the gate records, the SBOMs scan wrote. Commands load the key first (a wrong password is exit 2 before
 * anything is built) and leave it in the step context for push.
 */
public final class SupplyChain {
    public static final Key<SigningKey> SIGNING_KEY = Key.of("signing key", SigningKey.class);

    private SupplyChain() {}

    /** The configured key, loaded and its password checked; empty when signing is not configured. */
    public static Optional<SigningKey> loadKey(Project p, Optional<char[]> stdinPassword) {
        SigningConfig s = p.config().signing();
        if (!s.enabled()) {
            return Optional.empty();
        }
        SigningKey.Password password;
        if (stdinPassword.isPresent()) {
            password = new SigningKey.Password(stdinPassword, "standard input (--signing-password-stdin)");
        } else {
            String value = s.passwordEnv().isEmpty() ? null : p.env().get(s.passwordEnv());
            password = value == null
                    ? SigningKey.Password.none("set " + s.passwordEnv() + " or pass --signing-password-stdin")
                    : new SigningKey.Password(Optional.of(value.toCharArray()), "$" + s.passwordEnv());
        }
        return Optional.of(SigningKey.load(p.resolve(s.key()), password));
    }

    /** The statements to attest about {@code digest} in {@code repository} (the image {@code imageId}). */
    public static List<Attacher.Attestation> attestations(Project p, String imageId, String repository, String digest,
                                                          Map<ReleaseStep, String> gateConfigs, Consumer<String> warn) {
        List<Attacher.Attestation> out = new ArrayList<>();
        Optional<BuildFacts> facts = BuildFacts.load(p, imageId);
        if (facts.isPresent()) {
            out.add(new Attacher.Attestation("provenance", Provenance.PREDICATE_TYPE,
                    Statement.of(repository, digest, Provenance.PREDICATE_TYPE, Provenance.predicate(facts.get()))));
        } else {
            warn.accept("no provenance for " + imageId.substring(0, Math.min(19, imageId.length()))
                    + ": ppctl build did not record this image (it was built elsewhere)");
        }
        Map<ReleaseStep, GateRecord.Outcome> gates = GateRecord.outcomes(p, imageId, gateConfigs);
        out.add(new Attacher.Attestation("gate-results", GateResults.PREDICATE_TYPE, Statement.of(repository, digest,
                GateResults.PREDICATE_TYPE, GateResults.predicate(imageId, configSha256(p), GateRecord.required(p), gates))));
        for (Sbom.File f : Sbom.files(p, imageId)) {
            byte[] bytes;
            try {
                // Trivy writes SBOMs of tens of MB for large images; the report bound keeps a hostile one out of memory.
                bytes = InputFiles.readBytes(f.path(), InputFiles.REPORT_LIMIT);
            } catch (IOException e) {
                warn.accept("the SBOM " + f.path() + (e instanceof InputFiles.Refused ? " " + e.getMessage()
                        : " cannot be read: " + e.getMessage()) + "; not attached");
                continue;
            }
            Optional<com.fasterxml.jackson.databind.JsonNode> doc = Json.parse(bytes);
            if (doc.isEmpty()) {
                warn.accept("the SBOM " + f.path() + " is not JSON; not attached");
                continue;
            }
            out.add(new Attacher.Attestation("sbom-" + f.format(), f.predicateType(),
                    Statement.of(repository, digest, f.predicateType(), doc.get())));
        }
        if (Sbom.files(p, imageId).isEmpty()) {
            warn.accept("no SBOM for " + imageId.substring(0, Math.min(19, imageId.length())) + ": run ppctl scan on it");
        }
        return out;
    }

    static String configSha256(Project p) {
        try {
            return Manifest.sha256(Files.readAllBytes(p.configFile())).substring(7);
        } catch (IOException e) {
            return Manifest.sha256(new byte[0]).substring(7);
        }
    }

}
