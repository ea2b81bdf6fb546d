package io.ppctl.push;

import io.ppctl.core.PpctlException;
import io.ppctl.event.EventBus;
import io.ppctl.pipeline.StepContext;
import io.ppctl.project.Project;
import io.ppctl.registry.Manifest;
import io.ppctl.registry.RegistryClient;
import io.ppctl.rules.TargetImage;
import io.ppctl.supplychain.Attached;
import io.ppctl.supplychain.Attacher;
import io.ppctl.supplychain.SigningKey;
import io.ppctl.supplychain.SupplyChain;

import java.util.List;

/**
 * A push when signing is configured: nothing is published unsigned. The daemon pushes the image under one carrier
 * tag only (the first fixed tag that does not name the version, e.g. sha-abc1234, else ppctl-unsigned-VERSION), the
 * digest it lands as is signed and attested in every registry, and only then are the version and moving tags
 * pointed at that digest (a manifest PUT by digest, as rollback does: no second upload). A signing failure leaves
 * the version tag unpublished and says what `ppctl push` completes.
 */
final class SignedPush {
    /** Pushes one tag through the daemon and returns what the registry serves for it. */
    interface DaemonPush {
        PushResult.PushedTag push(RegistryClient client, PushPlan.Target target, String tag);
    }

    private SignedPush() {}

    static void run(StepContext ctx, SigningKey key, PushPlan plan, List<RegistryClient> clients, TargetImage image,
                    DaemonPush daemon, boolean allowOverwrite, List<PushResult.PushedTag> pushed, List<Attached> signed) {
        Project p = ctx.project();
        EventBus events = ctx.events();
        String[] digests = new String[clients.size()];
        for (int i = 0; i < clients.size(); i++) {
            RegistryClient client = clients.get(i);
            PushPlan.Target target = plan.targets().get(i);
            String carrier = carrier(target, plan, p.version().toString());
            if (!target.ordered().contains(carrier)) {
                ctx.docker().tag(image.id(), target.registry().repository(), carrier);
            }
            PushResult.PushedTag first = daemon.push(client, target, carrier);
            digests[i] = first.digest();
            if (target.ordered().contains(carrier)) {
                pushed.add(first);
            }
            String repository = target.registry().repository();
            List<Attacher.Attestation> attestations = SupplyChain.attestations(p, image.id(), repository, first.digest(),
                    GateSettings.current(p),
                    events::warn);
            try {
                Attached a = new Attacher(client, key).attach(first.digest(), attestations, p.config().signing().referrers());
                events.log(PushStep.NAME, repository + ":" + a.signatureTag() + " signs " + first.digest() + "; "
                        + a.attestations().size() + " attestation(s) in " + a.attestationTag());
                signed.add(a);
            } catch (PpctlException e) {
                throw new PpctlException(e.exitCode(), client.label() + " holds " + repository + "@" + first.digest()
                        + " (as " + carrier + ") but not its signature and attestations: " + e.getMessage()
                        + "; no version tag was published", "once the registry accepts the "
                        + "sha256-<digest>.sig and .att tags, run ppctl push again: it signs the digest and then tags it", e);
            }
        }
        for (int i = 0; i < clients.size(); i++) {
            RegistryClient client = clients.get(i);
            PushPlan.Target target = plan.targets().get(i);
            String carrier = carrier(target, plan, p.version().toString());
            String digest = digests[i];
            Manifest manifest = client.manifest(digest).orElseThrow(() -> PpctlException.environment(client.label()
                    + " lost " + digest + " right after it was signed", null, null));
            for (String tag : target.ordered()) {
                if (tag.equals(carrier)) {
                    continue;
                }
                // Version tags checked right before and read back after, as an unsigned push does (GuardedTags).
                pushed.add(plan.versionTags().contains(tag)
                        ? GuardedTags.putVersionTag(events, client, target, tag, manifest, allowOverwrite)
                        : GuardedTags.putTag(events, client, target, tag, manifest));
            }
        }
    }

    /** The tag the daemon pushes: one that publishes no version, so that a signing failure leaves none unsigned. */
    static String carrier(PushPlan.Target target, PushPlan plan, String version) {
        return target.fixedTags().stream().filter(t -> !plan.versionTags().contains(t)).findFirst()
                .orElse("ppctl-unsigned-" + version.replace('+', '_'));
    }
}
