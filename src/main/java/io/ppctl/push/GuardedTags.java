package io.ppctl.push;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.event.EventBus;
import io.ppctl.registry.Manifest;
import io.ppctl.registry.RegistryClient;

import java.util.Optional;

/**
 * Puts a tag on a manifest the registry already holds (the daemon pushed blobs and manifest under a carrier tag).
 * The registry API has no create-if-absent for tags, so a version tag is checked immediately before it is put and
 * read back after, and once more after a settle time (four check-to-put windows, 0.5 to 5 s): the window in which
 * two pushes can both pass the check is one check-to-put round trip (measured and logged), not the minutes of a
 * build or an upload, and of two pushes inside it the one whose tag did not stay fails (exit 1). Both can end with
 * exit 0 only when the other's check-to-put took longer than the settle time.
 */
final class GuardedTags {
    private static final long MIN_SETTLE_NANOS = 500_000_000L;
    private static final long MAX_SETTLE_NANOS = 5_000_000_000L;

    private GuardedTags() {}

    private static void sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PpctlException.interrupted();
        }
    }

    /** The version tag {@code tag} -> {@code manifest}, only if it is free (or already holds it). */
    static PushResult.PushedTag putVersionTag(EventBus events, RegistryClient client, PushPlan.Target target, String tag,
                                              Manifest manifest, boolean allowOverwrite) {
        String reference = target.reference(tag);
        events.log(PushStep.NAME, "pushing " + reference + " (the manifest " + manifest.digest() + ", already uploaded)");
        long checked = System.nanoTime();
        Optional<String> existing = client.digest(tag);
        if (existing.isPresent() && !existing.get().equals(manifest.digest()) && !allowOverwrite) {
            throw new PpctlException(ExitCode.CHECK_FAILED, reference + " was published with digest " + existing.get()
                    + " by another push while this one uploaded " + manifest.digest() + "; versions are immutable, nothing"
                    + " was overwritten", "bump VERSION and release again", null);
        }
        client.putManifest(tag, manifest);
        long window = System.nanoTime() - checked;
        String served = client.digest(tag).orElse("nothing");
        if (!served.equals(manifest.digest())) {
            throw new PpctlException(ExitCode.CHECK_FAILED, reference + " lost a race: another push replaced it with " + served
                    + " right after this one put " + manifest.digest() + "; that push owns the version", "bump VERSION and "
                    + "release again", null);
        }
        // A push that checked before this put lands its own put within one such window: look again after a few
        // of them, so that of two racing pushes the one whose tag did not stay exits non-zero.
        long settle = Math.min(MAX_SETTLE_NANOS, Math.max(MIN_SETTLE_NANOS, 4 * window));
        sleep(settle);
        String after = client.digest(tag).orElse("nothing");
        if (!after.equals(manifest.digest())) {
            throw new PpctlException(ExitCode.CHECK_FAILED, reference + " lost a race: another push replaced it with " + after
                    + " right after this one put " + manifest.digest() + "; that push owns the version", "bump VERSION and "
                    + "release again", null);
        }
        events.log(PushStep.NAME, reference + "@" + served);
        events.debug(reference + ": checked free and put in " + String.format(java.util.Locale.ROOT, "%.1f", window / 1e6)
                + " ms (the window another push could still slip into), read back " + served);
        return new PushResult.PushedTag(target.registry().name(), reference, served);
    }

    /** Any other tag: put, then read back. */
    static PushResult.PushedTag putTag(EventBus events, RegistryClient client, PushPlan.Target target, String tag, Manifest manifest) {
        String reference = target.reference(tag);
        client.putManifest(tag, manifest);
        String served = client.digest(tag).orElse("nothing");
        if (!served.equals(manifest.digest())) {
            throw PpctlException.environment(client.label() + " serves " + reference + " as " + served + " right after "
                    + "ppctl put " + manifest.digest() + "; did another push replace it meanwhile?", null, null);
        }
        events.log(PushStep.NAME, reference + "@" + served);
        return new PushResult.PushedTag(target.registry().name(), reference, served);
    }
}
