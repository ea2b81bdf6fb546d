package io.ppctl.push;

import io.ppctl.config.PpctlConfig;
import io.ppctl.core.PpctlException;
import io.ppctl.docker.DockerSession;
import io.ppctl.docker.ImageDetails;
import io.ppctl.docker.ImagePusher;
import io.ppctl.event.Event;
import io.ppctl.event.EventBus;
import io.ppctl.pipeline.Key;
import io.ppctl.pipeline.StepContext;
import io.ppctl.platform.Platform;
import io.ppctl.project.Project;
import io.ppctl.project.ReleaseTags;
import io.ppctl.registry.Credentials;
import io.ppctl.registry.Manifest;
import io.ppctl.registry.RegistryClient;
import io.ppctl.registry.RegistryHosts;
import io.ppctl.registry.RegistrySelection;
import io.ppctl.registry.Retry;
import io.ppctl.rules.GateRecord;
import io.ppctl.rules.ReleaseStep;
import io.ppctl.rules.RuledStep;
import io.ppctl.rules.TargetImage;
import io.ppctl.supplychain.Attached;
import io.ppctl.supplychain.SigningKey;
import io.ppctl.supplychain.SupplyChain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Publishes the image: checks every registry first (credentials accepted, version tag not yet published), tags
 * the image locally where the tag step has not, then pushes per registry the fixed tags and, only when they all
 * succeeded, the moving ones. Each pushed tag's digest is read back from the registry and must equal what the
 * daemon pushed. Transient failures are retried as push: in the config says; authentication failures are not.
 */
public final class PushStep implements RuledStep {
    public static final String NAME = ReleaseStep.PUSH.word();
    public static final Key<PushResult> RESULT = Key.of("push-result", PushResult.class);
    private static final Set<String> FINAL_LAYER_STATES = Set.of("Pushed", "Layer already exists");
    /** A terminal redraw at most 10 times a second: the daemon reports every few kB. */
    private static final long BOARD_INTERVAL_NANOS = 100_000_000L;

    /**
     * @param image          --image, or null for the image built in this run / by the last ppctl build
     * @param registries     --registry names, empty for all configured registries
     * @param credentials    --username/--password-stdin credentials by registry name
     * @param allowOverwrite replace a version tag that already holds another image
     */
    public record Options(String image, List<String> registries, Map<String, Credentials> credentials, boolean allowOverwrite) {
        public Options {
            registries = registries == null ? List.of() : List.copyOf(registries);
            credentials = credentials == null ? Map.of() : Map.copyOf(credentials);
        }

        @Override
        public String toString() {
            return "Options[image=" + image + ", registries=" + registries + ", credentials for " + credentials.keySet()
                    + ", allowOverwrite=" + allowOverwrite + "]";
        }
    }

    private final Options options;

    public PushStep(Options options) {
        this.options = options;
    }

    @Override
    public ReleaseStep kind() {
        return ReleaseStep.PUSH;
    }

    /** In a release without registries there is nothing to publish; `ppctl push` itself refuses that earlier (exit 2). */
    @Override
    public Optional<String> skipReason(StepContext ctx) {
        return ctx.project().config().registries().isEmpty()
                ? Optional.of("no registries configured in " + ctx.project().configFile().getFileName())
                : Optional.empty();
    }

    @Override
    public String run(StepContext ctx) {
        Project p = ctx.project();
        PpctlConfig config = p.config();
        PushPlan plan = plan(p, ctx.docker(), options.registries());
        EventBus events = ctx.events();
        List<TargetImage> images = TargetImage.resolveAll(ctx, options.image());
        // Every platform's image must have passed every gate: push refuses the release when one has not.
        for (TargetImage each : images) {
            GateRecord.requirePassed(p, each.id(), each.describe(), GateSettings.current(p));
        }
        TargetImage image = ctx.get(TargetImage.KEY).orElse(images.get(0));
        boolean index = images.size() > 1;
        Retry retry = new Retry(config.push(), events::warn);

        List<RegistryClient> clients = PushPreflight.check(plan, p.env(), options.credentials(), retry, events,
                images.stream().map(TargetImage::details).toList(), options.allowOverwrite());

        DockerSession docker = ctx.docker();
        EnginePush.requireUsableCredentials(docker.engine(), clients);
        EnginePush.progressNote(docker.engine()).ifPresent(note -> events.log(name(), note));
        ImagePusher pusher = new ImagePusher(docker);
        List<PushResult.PushedTag> pushed = new ArrayList<>();
        List<Attached> signed = new ArrayList<>();
        List<PushResult.PlatformImage> platforms = new ArrayList<>();
        Optional<SigningKey> key = signingKey(ctx);
        if (index) {
            if (key.isPresent()) {
                throw PpctlException.usage("signing a multi-platform release is not supported yet (signing.key with "
                        + Platform.join(images.stream().map(TargetImage::platform).toList()) + "); release one platform "
                        + "(--platform) to sign it, or leave signing off for the index");
            }
            for (int i = 0; i < clients.size(); i++) {
                IndexPush.Pushed done = IndexPush.push(events, docker, clients.get(i), plan, plan.targets().get(i),
                        p.version().toString(), images, (client, target, tag) -> pushTag(events, pusher, retry, client, target, tag),
                        options.allowOverwrite());
                platforms.addAll(done.platforms());
                pushed.addAll(done.tags());
            }
        } else if (key.isPresent()) {
            tagLocally(docker, image, plan);
            SignedPush.run(ctx, key.get(), plan, clients, image, (client, target, tag) ->
                    pushTag(events, pusher, retry, client, target, tag), options.allowOverwrite(), pushed, signed);
        } else {
            tagLocally(docker, image, plan);
            for (int i = 0; i < clients.size(); i++) {
                RegistryClient client = clients.get(i);
                PushPlan.Target target = plan.targets().get(i);
                pushed.addAll(pushTarget(events, pusher, retry, client, target, plan.versionTags(), image));
            }
        }
        PushResult result = new PushResult(image.reference(), p.version().toString(), List.copyOf(pushed), List.copyOf(signed),
                List.copyOf(platforms));
        ctx.put(RESULT, result);
        String digest = pushed.isEmpty() ? "" : ", " + (index ? "image index " : "") + pushed.get(0).digest();
        return pushed.size() + " tag(s) to " + clients.size() + " registr" + (clients.size() == 1 ? "y" : "ies") + digest;
    }

    /** The key the command loaded (its password checked before anything ran), or the configured one read now. */
    private static Optional<SigningKey> signingKey(StepContext ctx) {
        Optional<SigningKey> loaded = ctx.get(SupplyChain.SIGNING_KEY);
        return loaded.isPresent() ? loaded : SupplyChain.loadKey(ctx.project(), Optional.empty());
    }

    /** The tags of this project's release for the registries named (all when none): what push sends, and release checks. */
    public static PushPlan plan(Project p, DockerSession docker, List<String> registryNames) {
        return PushPlan.of(RegistrySelection.select(p.config(), registryNames), ReleaseTags.plan(p, docker));
    }

    /** Points each repository:tag at the image, unless it already does (the tag step ran). */
    private static void tagLocally(DockerSession docker, TargetImage image, PushPlan plan) {
        for (PushPlan.Target t : plan.targets()) {
            for (String tag : t.ordered()) {
                Optional<ImageDetails> current = docker.inspectImage(t.reference(tag));
                if (current.isEmpty() || !current.get().id().equals(image.id())) {
                    docker.tag(image.id(), t.registry().repository(), tag);
                }
            }
        }
    }

    static PushResult.PushedTag pushTag(EventBus events, ImagePusher pusher, Retry retry, RegistryClient client,
                                                PushPlan.Target target, String tag) {
        String reference = target.reference(tag);
        events.log(NAME, "pushing " + reference);
        ImagePusher.Auth auth = daemonAuth(client);
        PushProgress[] progress = new PushProgress[1];
        ImagePusher.Pushed done = retry.run("pushing " + reference + " to " + client.label(), () -> {
            progress[0] = new PushProgress(tag, System.nanoTime());
            long[] drawn = {0};
            try {
                return pusher.push(target.registry().repository(), tag, auth, (layer, status, current, total) -> {
                    progress[0].update(layer, status, current, total);
                    boolean last = FINAL_LAYER_STATES.contains(status) || status.startsWith("Mounted from");
                    if (last) {
                        // A plain line per layer as it ends (CI); the board below is the terminal's live view.
                        events.publish(new Event.Progress(NAME, tag + " layer " + layer, status, -1, -1));
                    }
                    long now = System.nanoTime();
                    if (last || now - drawn[0] > BOARD_INTERVAL_NANOS) {
                        drawn[0] = now;
                        events.publish(new Event.Board(NAME, progress[0].lines(now)));
                    }
                });
            } catch (ImagePusher.PushFailure f) {
                switch (f.kind()) {
                    case TRANSIENT -> throw new Retry.TransientException(f.getMessage());
                    case AUTH -> throw PpctlException.environment(client.label() + " refused the push of " + reference + " by "
                            + client.credentials().map(Credentials::describe).orElse("anonymous access") + ": "
                            + f.getMessage() + " (a push needs the scope repository:" + target.registry().path() + ":pull,push)",
                            "check the credentials and that the account may push to " + target.registry().repository(), f);
                    default -> throw PpctlException.environment("pushing " + reference + " to " + client.label()
                            + " failed: " + f.getMessage(), null, f);
                }
            }
        });
        String served = client.digest(tag).orElseThrow(() -> PpctlException.environment(client.label() + " does not serve "
                + reference + " right after the daemon pushed it (" + done.digest() + ")", null, null));
        if (!served.equals(done.digest())) {
            throw PpctlException.environment(client.label() + " serves " + reference + " as " + served
                    + ", but the daemon pushed " + done.digest() + "; did another push replace it meanwhile?", null, null);
        }
        events.log(NAME, progress[0].total(System.nanoTime()));
        events.log(NAME, reference + "@" + served);
        return new PushResult.PushedTag(target.registry().name(), reference, served);
    }

    /**
     * One registry: the daemon uploads blobs and manifest under a carrier tag (the first fixed tag that is not a
     * version tag, such as sha-...), then ppctl puts the version tags on that manifest by digest, each checked right
     * before and read back after ({@link GuardedTags}), then the other tags, moving ones last. Without such a carrier
     * the version tag itself is checked right before the daemon pushes it (the window is then the upload).
     * Returned in the plan's order.
     */
    private List<PushResult.PushedTag> pushTarget(EventBus events, ImagePusher pusher, Retry retry, RegistryClient client,
                                                  PushPlan.Target target, List<String> versionTags, TargetImage image) {
        List<String> ordered = target.ordered();
        String carrier = target.fixedTags().stream().filter(t -> !versionTags.contains(t)).findFirst().orElse(ordered.get(0));
        if (versionTags.contains(carrier)) {
            PushPreflight.versionTagFree(client, carrier, Optional.of(image.details()), options.allowOverwrite());
        }
        Map<String, PushResult.PushedTag> byTag = new java.util.HashMap<>();
        PushResult.PushedTag first = pushTag(events, pusher, retry, client, target, carrier);
        byTag.put(carrier, first);
        Manifest manifest = client.manifest(first.digest()).orElseThrow(() -> PpctlException.environment(
                client.label() + " does not serve " + first.digest() + " right after the daemon pushed it", null, null));
        for (String tag : ordered) {
            if (tag.equals(carrier)) {
                continue;
            }
            byTag.put(tag, versionTags.contains(tag)
                    ? GuardedTags.putVersionTag(events, client, target, tag, manifest, options.allowOverwrite())
                    : GuardedTags.putTag(events, client, target, tag, manifest));
        }
        return ordered.stream().map(byTag::get).toList();
    }

    /** The daemon logs in itself, with the same credentials, sent in the X-Registry-Auth header of the API call. */
    private static ImagePusher.Auth daemonAuth(RegistryClient client) {
        String server = RegistryHosts.credentialKey(client.registry().host());
        return client.credentials().map(c -> c.identityToken()
                        ? new ImagePusher.Auth(server, null, null, c.secret())
                        : new ImagePusher.Auth(server, c.username(), c.secret(), null))
                .orElse(ImagePusher.Auth.anonymous(server));
    }
}
