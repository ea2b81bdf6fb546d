package io.ppctl.cli;

import io.ppctl.core.ExitCode;
import io.ppctl.pipeline.Pipeline;
import io.ppctl.pipeline.StepContext;
import io.ppctl.project.ReleaseTags;
import io.ppctl.push.PushResult;
import io.ppctl.push.PushStep;
import io.ppctl.registry.Credentials;
import io.ppctl.rules.TargetImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.ppctl.supplychain.SigningKey;
import io.ppctl.supplychain.SupplyChain;

import java.util.List;
import java.util.Optional;
import java.util.Map;

@Command(name = "push",
        description = {"Push every release tag of the image to every registry in ppctl.yaml: the version and sha tags "
                + "first, then latest. Before anything is uploaded, each registry must accept the credentials, let them "
                + "push, and not hold the version already (versions are immutable). Each tag's digest is read back from the "
                + "registry and printed as registry/repository:tag@sha256:...",
                "",
                "Credentials, first found wins: --username with --password-stdin; PPCTL_<NAME>_USERNAME and "
                        + "PPCTL_<NAME>_PASSWORD (NAME = the registry's name, upper-cased); docker login "
                        + "(~/.docker/config.json or $DOCKER_CONFIG: auths, credHelpers, credsStore).",
                "",
                "With signing.key in ppctl.yaml the pushed digest is signed and attested (provenance, gate results, "
                        + "SBOM) before any version or moving tag points at it: docs/supply-chain.md.",
                "",
                "Exit codes: 1 the version is already published with another image; 2 unknown --registry or bad "
                        + "options; 3 a registry refused the credentials, would not grant the push scope, or stayed "
                        + "unreachable after the retries.",
                "",
                "Examples:",
                "  ppctl push",
                "  ppctl push --registry ghcr --output json",
                "  echo \"$GHCR_TOKEN\" | ppctl push --registry ghcr --username ci-bot \\",
                "      --password-stdin",
                "  PPCTL_GAR_USERNAME=oauth2accesstoken \\",
                "      PPCTL_GAR_PASSWORD=\"$(gcloud auth print-access-token)\" ppctl push"})
final class PushCommand extends PpctlSubcommand {

    @Option(names = "--image", paramLabel = "REF",
            description = "Push this local image instead of the one the last ppctl build produced.")
    String image;

    @Mixin
    RegistryOptions registryOptions = new RegistryOptions();

    @Mixin
    SigningOptions signingOptions = new SigningOptions();

    @Option(names = "--allow-overwrite",
            description = "Replace a version tag that already holds another image (versions are immutable otherwise).")
    boolean allowOverwrite;

    @Override
    protected ExitCode execute() {
        Map<String, Credentials> explicit = registryOptions.credentials(invocation().in(), project().config());
        // Bad input is one line before anything starts, not a step that starts and fails.
        ReleaseTags.validate(project());
        TargetImage.checkOption(project(), image);
        Optional<SigningKey> key = signingOptions.load(invocation().in(), project(), registryOptions.passwordStdin);
        PushStep step = new PushStep(new PushStep.Options(image, registryOptions.registries, explicit, allowOverwrite));
        try (StepContext ctx = stepContext()) {
            key.ifPresent(k -> ctx.put(SupplyChain.SIGNING_KEY, k));
            new Pipeline(List.of(step)).run(ctx).throwIfFailed();
            PushResult result = ctx.require(PushStep.RESULT);
            console().result(result, out -> {
                result.tags().forEach(t -> out.println(t.pinned()));
                result.signed().forEach(a -> {
                    out.println("  signature " + a.signatureTag() + "@" + a.signatureManifest());
                    a.attestations().forEach(i -> out.println("  attestation " + i.name() + " " + i.digest()));
                });
            });
        }
        return ExitCode.OK;
    }
}
