package io.ppctl.rollback;

import io.ppctl.config.PpctlConfig;
import io.ppctl.config.RegistryConfig;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.pipeline.Key;
import io.ppctl.pipeline.Step;
import io.ppctl.pipeline.StepContext;
import io.ppctl.project.Project;
import io.ppctl.push.PushPreflight;
import io.ppctl.registry.Credentials;
import io.ppctl.registry.Manifest;
import io.ppctl.registry.RegistryClient;
import io.ppctl.registry.RegistrySelection;
import io.ppctl.registry.Retry;
import io.ppctl.version.GitFacts;
import io.ppctl.version.TagTemplate;
import io.ppctl.version.Version;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Points the moving tags (latest, {{major}}.{{minor}}) in each registry back at a released version, without
 * rebuilding: the version's manifest is read by digest and stored again under each moving tag, so the tag gets
 * exactly the version's digest. Every registry must hold the version before any tag is moved.
 */
public final class RollbackStep implements Step {
    public static final Key<RollbackResult> RESULT = Key.of("rollback-result", RollbackResult.class);

    private final String version;
    private final List<String> registries;
    private final Map<String, Credentials> credentials;
    private final boolean dryRun;

    public RollbackStep(String version, List<String> registries, Map<String, Credentials> credentials, boolean dryRun) {
        this.version = version;
        this.registries = List.copyOf(registries);
        this.credentials = Map.copyOf(credentials);
        this.dryRun = dryRun;
    }

    @Override
    public String name() {
        return "rollback";
    }

    @Override
    public String description() {
        return "point the moving tags back at " + version;
    }

    /** The usage errors of a rollback (not a version, no moving tag to move), found before anything starts. */
    public static void validate(Project project, String version) {
        Version v = Version.parse(version).orElseThrow(() -> PpctlException.usage(Version.explainInvalid(version)));
        if (movingTags(project.config(), v).isEmpty()) {
            throw PpctlException.usage("the tags in " + project.configFile().getFileName()
                    + " have no moving tag (such as latest): nothing to roll back");
        }
    }

    private static List<String> movingTags(PpctlConfig config, Version v) {
        TagTemplate.Values values = new TagTemplate.Values(v, GitFacts.NO_COMMIT, LocalDate.now(ZoneOffset.UTC));
        return TagTemplate.all(config.tags()).stream().filter(TagTemplate::isMoving).map(t -> t.render(values)).distinct().toList();
    }

    @Override
    public String run(StepContext ctx) {
        validate(ctx.project(), version);
        Version v = Version.parse(version).orElseThrow();
        if (!v.isStable()) {
            throw PpctlException.checkFailed(v + " is a pre-release; moving tags only ever point at stable releases");
        }
        PpctlConfig config = ctx.project().config();
        List<RegistryConfig> selected = RegistrySelection.select(config, registries);
        TagTemplate.Values values = new TagTemplate.Values(v, GitFacts.NO_COMMIT, LocalDate.now(ZoneOffset.UTC));
        List<TagTemplate> templates = TagTemplate.all(config.tags());
        List<String> moving = movingTags(config, v);
        String versionTag = templates.stream().filter(t -> !t.isMoving() && t.template().replace(" ", "").contains("{{version}}"))
                .map(t -> t.render(values)).findFirst().orElse(v.toString());

        Retry retry = new Retry(config.push(), ctx.events()::warn);
        List<RegistryClient> clients = PushPreflight.connect(selected, ctx.project().env(), credentials, retry, ctx.events());
        List<String> digests = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (RegistryClient c : clients) {
            String d = c.digest(versionTag).orElse(null);
            digests.add(d);
            if (d == null) {
                missing.add(c.registry().name() + " (" + c.registry().repository() + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new PpctlException(ExitCode.CHECK_FAILED, versionTag + " does not exist in " + String.join(", ", missing)
                    + "; nothing was changed", "roll back only to a version that was pushed there", null);
        }

        if (!dryRun) {
            // Before any tag moves: an account that may only read must not leave one registry rolled back and not the other.
            clients.forEach(RegistryClient::checkPush);
        }
        List<RollbackResult.MovedTag> moved = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            RegistryClient c = clients.get(i);
            String digest = digests.get(i);
            Manifest manifest = dryRun ? null : c.manifest(digest).orElseThrow(() -> PpctlException.environment(
                    c.label() + " lost " + versionTag + " (" + digest + ") while rolling back", null, null));
            for (String tag : moving) {
                moved.add(move(ctx, c, tag, digest, manifest));
            }
        }
        ctx.put(RESULT, new RollbackResult(versionTag, dryRun, List.copyOf(moved)));
        long changed = moved.stream().filter(RollbackResult.MovedTag::changed).count();
        return (dryRun ? "dry run: would point " : "pointed ") + String.join(", ", moving) + " at " + versionTag + " in "
                + clients.size() + " registr" + (clients.size() == 1 ? "y" : "ies") + (dryRun ? "" : " (" + changed + " changed)");
    }

    private RollbackResult.MovedTag move(StepContext ctx, RegistryClient c, String tag, String digest, Manifest manifest) {
        String reference = c.registry().repository() + ":" + tag;
        String before = c.digest(tag).orElse(null);
        if (digest.equals(before) || dryRun) {
            ctx.events().log(name(), reference + (digest.equals(before) ? " already points at " : " would point at ") + digest);
            return new RollbackResult.MovedTag(c.registry().name(), reference, digest, before, false);
        }
        c.putManifest(tag, manifest);
        String now = c.digest(tag).orElse(null);
        if (!digest.equals(now)) {
            throw PpctlException.environment(c.label() + " serves " + reference + " as " + now + " after it was pointed at "
                    + digest, null, null);
        }
        ctx.events().log(name(), reference + " -> " + digest + (before == null ? "" : " (was " + before + ")"));
        return new RollbackResult.MovedTag(c.registry().name(), reference, digest, before, true);
    }
}
