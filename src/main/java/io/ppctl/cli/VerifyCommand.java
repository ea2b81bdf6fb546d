package io.ppctl.cli;

import io.ppctl.config.PushConfig;
import io.ppctl.config.RegistryConfig;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.registry.CredentialResolver;
import io.ppctl.registry.RegistryClient;
import io.ppctl.registry.Retry;
import io.ppctl.supplychain.VerificationKey;
import io.ppctl.supplychain.VerifyReport;
import io.ppctl.supplychain.Verifier;
import io.ppctl.version.DockerReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

@Command(name = "verify",
        description = {"Check a pushed image from the registry alone: the signature on its digest (the sha256-<digest>.sig "
                + "tag cosign reads), and the provenance, gate-results and SBOM attestations (the .att tag), each signed "
                + "by --key and about this very digest; the image's labels must agree with the provenance. Prints the "
                + "commit and VERSION, tool versions, policy repo commits, each gate with its summary, the SBOM's package "
                + "count; --output json for all of it.",
                "",
                "Credentials are found as for ppctl push (PPCTL_<NAME>_* do not apply: docker login, credential helpers).",
                "",
                "Exit codes: 1 a signature or attestation is missing or invalid, names another digest, or the labels "
                        + "contradict the attestations, or IMAGE is an image index (a multi-platform release: ppctl "
                        + "signs each platform's image, not the index; the message lists the platform digests to verify); "
                        + "2 bad arguments or key; 3 the registry cannot be reached.",
                "",
                "Examples:",
                "  ppctl verify ghcr.io/acme/policy-platform:v1.4.0 --key cosign.pub",
                "  ppctl verify ghcr.io/acme/policy-platform@sha256:... \\",
                "      --key cosign.pub --output json"})
final class VerifyCommand extends PpctlSubcommand {

    @Parameters(index = "0", paramLabel = "IMAGE[@DIGEST]", description = "repository:tag or repository@sha256:...")
    String image;

    @Option(names = "--key", paramLabel = "FILE", required = true, description = "The public key (cosign.pub, PEM).")
    Path key;

    @Option(names = "--insecure", description = "Talk plain HTTP to the registry (the default for 127.0.0.1 and localhost).")
    boolean insecure;

    @Override
    protected ExitCode execute() {
        DockerReference.imageReferenceProblem(image).ifPresent(p -> {
            throw usage("IMAGE: " + p);
        });
        if (image.startsWith("sha256:")) {
            throw usage("IMAGE: name the repository too (repository@sha256:...)");
        }
        VerificationKey publicKey = VerificationKey.load(key);
        int at = image.indexOf('@');
        String name = at >= 0 ? image.substring(0, at) : image;
        String reference = at >= 0 ? image.substring(at + 1) : "latest";
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            reference = at >= 0 ? reference : name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        RegistryConfig registry = new RegistryConfig("verify", name,
                insecure || DockerReference.isLoopback(DockerReference.registryHost(name)));
        Map<String, String> env = invocation().env();
        RegistryClient client = new RegistryClient(registry, new CredentialResolver(env, Map.of()).resolve(registry),
                new Retry(PushConfig.DEFAULT, line -> console().info(line)));
        client.ping();
        String ref = reference;
        String repo = name;
        String digest = ref.startsWith("sha256:") ? ref : client.digest(ref).orElseThrow(() ->
                PpctlException.checkFailed(repo + ":" + ref + " is not in " + client.label()));
        VerifyReport report = new Verifier(client, publicKey).verify(digest);
        console().result(report, out -> print(out, report));
        if (!report.ok()) {
            throw PpctlException.checkFailed(report.image() + ": " + String.join("; ", report.problems()));
        }
        return ExitCode.OK;
    }

    private static void print(PrintStream out, VerifyReport r) {
        out.println(r.image());
        if (r.signature() != null) {
            out.println("  signature    " + (r.signature().valid() ? "valid (key " + r.key() + ")"
                    : r.signature().present() ? "INVALID" : "MISSING") + "  " + r.signature().tag());
        }
        r.attestations().forEach(a -> out.println("  attestation  " + a.predicateType() + "  "
                + (a.signatureValid() && a.subjectMatches() ? "valid" : !a.signatureValid() ? "INVALID signature"
                : "OTHER digest")));
        if (r.version() != null || r.commit() != null) {
            out.println("  version      " + r.version() + "  commit " + r.commit());
        }
        if (r.tools() != null && !r.tools().isEmpty()) {
            out.println("  tools        " + r.tools());
        }
        if (r.policyRepos() != null) {
            r.policyRepos().forEach(p -> out.println("  policy repo  " + p.name() + " " + p.commit()));
        }
        if (r.gates() != null) {
            r.gates().forEach((g, v) -> out.println("  gate         " + g + ": " + (v.passed() ? "passed" : "NOT passed")
                    + (v.summary() == null ? "" : " (" + v.summary() + ")")));
        }
        if (r.sbomPackages() != null) {
            out.println("  sbom         " + r.sbomPackages() + " packages");
        }
        if (r.platforms() != null) {
            r.platforms().forEach(p -> out.println("  platform     " + p.platform() + "  " + p.digest()));
        }
        if (!r.referrers().isEmpty()) {
            out.println("  referrers    " + r.referrers().size());
        }
    }
}
