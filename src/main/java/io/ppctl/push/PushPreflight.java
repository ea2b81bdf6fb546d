package io.ppctl.push;

import io.ppctl.config.RegistryConfig;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.docker.ImageDetails;
import io.ppctl.docker.ImageNames;
import io.ppctl.event.Event;
import io.ppctl.event.EventBus;
import io.ppctl.registry.CredentialResolver;
import io.ppctl.registry.Credentials;
import io.ppctl.registry.ImageIndex;
import io.ppctl.registry.Manifest;
import io.ppctl.registry.PlaceholderRegistry;
import io.ppctl.registry.RegistryClient;
import io.ppctl.registry.Retry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry checks a push (and release's preflight) makes before anything is uploaded: the credentials of
 * every registry are found and accepted, and no version tag is published already. All registries are checked
 * before any is pushed to, so a wrong password for the second registry leaves the first one untouched.
 */
public final class PushPreflight {
    private PushPreflight() {}

    /** A version tag that is already there. {@code sameImage}: it holds exactly the image about to be pushed. */
    public record Existing(String registry, String tag, String digest, boolean sameImage) {}

    /**
     * Everything a push checks before it uploads, for release's preflight too: every registry accepts its
     * credentials, no version tag of {@code plan} holds another image (exit 1) unless {@code allowOverwrite}, and
     * the credentials may push to every repository (exit 3 naming the scope a token server would not grant).
     *
     * @param image the image about to be pushed when it is known (a rerun may push the same image again); empty
     *              before the build, when any existing version tag counts as taken
     * @return clients for the plan's registries, in its order, logged in
     */
    public static List<RegistryClient> check(PushPlan plan, Map<String, String> env, Map<String, Credentials> explicit,
                                             Retry retry, EventBus events, Optional<ImageDetails> image, boolean allowOverwrite) {
        return check(plan, env, explicit, retry, events, image.map(List::of).orElse(List.of()), allowOverwrite);
    }

    /** The same for the images of a release: one, or one per platform (whose version tags then hold an image index). */
    public static List<RegistryClient> check(PushPlan plan, Map<String, String> env, Map<String, Credentials> explicit,
                                             Retry retry, EventBus events, List<ImageDetails> images, boolean allowOverwrite) {
        List<RegistryClient> clients = connect(plan.targets().stream().map(PushPlan.Target::registry).toList(), env,
                explicit, retry, events);
        for (RegistryClient c : clients) {
            for (String tag : plan.versionTags()) {
                versionTagFree(c, tag, images, allowOverwrite).ifPresent(e -> events.publish(e.sameImage()
                        ? new Event.Debug(tag + " is already in " + e.registry() + " with this image's digest; pushing again")
                        : new Event.Warning("overwriting " + tag + " in " + e.registry() + " (was " + e.digest()
                        + ") as --allow-overwrite asks")));
            }
        }
        // After the tag checks, so that a version already published still says so to an account that may only read.
        for (RegistryClient c : clients) {
            c.checkPush();
        }
        return clients;
    }

    /**
     * Resolves each registry's credentials and checks that the registry accepts them (GET /v2/). Fails with exit
     * code 3 naming the registry when none are found and it needs some, or when it refuses them.
     */
    public static List<RegistryClient> connect(List<RegistryConfig> registries, Map<String, String> env,
                                               Map<String, Credentials> explicit, Retry retry, EventBus events) {
        List<String> placeholders = registries.stream().map(PlaceholderRegistry::problem)
                .flatMap(Optional::stream).toList();
        if (!placeholders.isEmpty()) {
            throw PpctlException.usage(String.join("; ", placeholders));
        }
        CredentialResolver resolver = new CredentialResolver(env, explicit);
        List<RegistryClient> clients = new ArrayList<>();
        for (RegistryConfig r : registries) {
            Optional<Credentials> creds = resolver.resolve(r);
            RegistryClient client = new RegistryClient(r, creds, retry);
            try {
                client.ping();
            } catch (PpctlException e) {
                if (e.exitCode() != ExitCode.ENVIRONMENT) {
                    throw e;
                }
                throw new PpctlException(ExitCode.ENVIRONMENT, e.getMessage(), (e.hint() == null ? "" : e.hint() + "; ")
                        + "to try the release without publishing: ppctl release --no-push, or --dry-run for the plan", e);
            }
            events.debug(client.label() + " accepts " + creds.map(Credentials::describe).orElse("anonymous access"));
            clients.add(client);
        }
        return List.copyOf(clients);
    }

    /**
     * Whether {@code tag} is still free in the client's repository: 404 means free. When it exists, it is an
     * {@link Existing}: the same image ({@code image}'s repo digests name it) is fine to push again (a rerun after a
     * failure); another image fails with exit code 1, unless {@code allowOverwrite}. Any other answer (401, 429
     * and 5xx after retries) fails with exit code 3 and never counts as free.
     */
    public static Optional<Existing> versionTagFree(RegistryClient client, String tag, Optional<ImageDetails> image,
                                                    boolean allowOverwrite) {
        return versionTagFree(client, tag, image.map(List::of).orElse(List.of()), allowOverwrite);
    }

    /** The same for several images: a tag that holds the index of exactly these images counts as the same. */
    public static Optional<Existing> versionTagFree(RegistryClient client, String tag, List<ImageDetails> images,
                                                    boolean allowOverwrite) {
        Optional<String> digest = client.digest(tag);
        if (digest.isEmpty()) {
            return Optional.empty();
        }
        boolean same = images.size() == 1 ? holds(images.get(0), client.registry().repository(), digest.get())
                || isTheImage(images.get(0), digest.get(), () -> client.manifest(tag))
                : images.size() > 1 && isTheIndexOf(client, tag, images);
        if (!same && !allowOverwrite) {
            throw new PpctlException(ExitCode.CHECK_FAILED, tag + " already exists in " + client.registry().name()
                    + " with digest " + digest.get() + "; versions are immutable, bump VERSION",
                    "ppctl bump patch; or --allow-overwrite to replace it on purpose", null);
        }
        return Optional.of(new Existing(client.registry().name(), tag, digest.get(), same));
    }

    /**
     * Whether the manifest a tag points at is {@code image} itself, for daemons that do not record what they pushed as
     * a repo digest (Podman): on the containerd image store the image ID is the manifest's digest, on Docker's
     * classic store and on Podman it is the digest of the config the manifest names.
     */
    static boolean isTheImage(ImageDetails image, String manifestDigest, java.util.function.Supplier<Optional<Manifest>> manifest) {
        if (image.id().equals(manifestDigest)) {
            return true;
        }
        return manifest.get().flatMap(Manifest::configDigest).map(image.id()::equals).orElse(false);
    }

    /** Whether {@code tag} holds an index whose images are exactly {@code images}, each by the rule of {@link #isTheImage}. */
    static boolean isTheIndexOf(RegistryClient client, String tag, List<ImageDetails> images) {
        Optional<Manifest> index = client.manifest(tag);
        if (index.isEmpty() || !ImageIndex.isIndex(index.get())) {
            return false;
        }
        List<ImageIndex.Entry> entries = ImageIndex.entries(index.get());
        if (entries.size() != images.size()) {
            return false;
        }
        for (ImageDetails image : images) {
            boolean found = entries.stream().anyMatch(e -> isTheImage(image, e.digest(), () -> client.manifest(e.digest())));
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** Whether the daemon knows {@code image} as {@code repository@digest} (it pushed or pulled it so). */
    static boolean holds(ImageDetails image, String repository, String digest) {
        String want = ImageNames.familiar(repository) + "@" + digest;
        return image.repoDigests().stream().anyMatch(d -> ImageNames.familiar(d).equals(want));
    }
}
