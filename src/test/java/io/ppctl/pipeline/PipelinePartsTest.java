package io.ppctl.pipeline;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.event.Event;
import io.ppctl.event.EventBus;
import io.ppctl.project.Project;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A step that works in parts (a gate on each platform's image): each part judged, one failure not hiding the others. */
class PipelinePartsTest {
    private static final Key<String> PART = Key.of("part", String.class);
    private static final Key<String> REPORT = Key.of("report", String.class);
    private final TestProject project = TestProject.git().write(".gitignore", "target/\n").commit("init");
    private final List<Event> events = new ArrayList<>();
    private final EventBus bus = new EventBus().subscribe(events::add);

    @AfterEach
    void remove() {
        project.close();
    }

    /** A step in three parts whose run does what each part's name says: pass, fail (a check), skip, or stop (exit 3). */
    private static final class Parted implements Step {
        final List<String> names;
        final List<String> verdicts = new ArrayList<>();

        Parted(String... names) {
            this.names = List.of(names);
        }

        @Override
        public String name() {
            return "gate";
        }

        @Override
        public String description() {
            return "judge each part";
        }

        @Override
        public List<Part> parts(StepContext ctx) {
            return names.stream().map(n -> new Part(n, ctx.forPart(PART, n))).toList();
        }

        @Override
        public void judged(StepContext ctx, boolean passed, String summary) {
            verdicts.add(ctx.require(PART) + " " + (passed ? "passed" : "not passed") + ": " + summary);
        }

        @Override
        public String run(StepContext ctx) {
            String part = ctx.require(PART);
            ctx.put(REPORT, "report of " + part);
            if (part.startsWith("fail")) {
                throw PpctlException.checkFailed("1 check failed on " + part);
            }
            if (part.startsWith("skip")) {
                throw new PartSkipped("cannot run " + part + " here");
            }
            if (part.startsWith("stop")) {
                throw PpctlException.environment("the daemon went away", null, null);
            }
            return "all passed on " + part;
        }
    }

    private StepContext context() {
        return new StepContext(Project.open(project.dir(), null, Map.of()), bus);
    }

    @Test
    void everyPartRunsEachIsJudgedAndOneFailureFailsTheStepAfterTheOthers() {
        Parted step = new Parted("fail-amd64", "skip-arm64", "pass-386");
        try (StepContext ctx = context()) {
            Pipeline.Outcome outcome = new Pipeline(List.of(step)).run(ctx);
            assertThat(outcome.passed()).isFalse();
            assertThat(outcome.failure().exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
            assertThat(outcome.failure().getMessage()).isEqualTo("fail-amd64: 1 check failed on fail-amd64");
            assertThat(step.verdicts).containsExactly("fail-amd64 not passed: 1 check failed on fail-amd64",
                    "skip-arm64 not passed: not judged: cannot run skip-arm64 here", "pass-386 passed: all passed on pass-386");
            List<PartRuns.Run> runs = ctx.require(PartRuns.KEY).of("gate");
            assertThat(runs).extracting(PartRuns.Run::part).containsExactly("fail-amd64", "skip-arm64", "pass-386");
            assertThat(runs).extracting(PartRuns.Run::status).containsExactly(StepResult.Status.FAILED,
                    StepResult.Status.SKIPPED, StepResult.Status.PASSED);
            // Each part's context kept what the step left in it; the step's own context got none of it.
            assertThat(runs).extracting(r -> r.get(REPORT).orElse(null))
                    .containsExactly("report of fail-amd64", "report of skip-arm64", "report of pass-386");
            assertThat(ctx.get(REPORT)).isEmpty();
            assertThat(outcome.results()).singleElement().extracting(StepResult::message)
                    .isEqualTo("fail-amd64: failed; skip-arm64: skipped; pass-386: all passed on pass-386");
        }
        assertThat(events).anyMatch(e -> e instanceof Event.Warning w && w.message().equals("gate skip-arm64: cannot run skip-arm64 here"));
    }

    @Test
    void aPartThatCannotBeJudgedDoesNotFailTheStep() {
        Parted step = new Parted("pass-amd64", "skip-arm64");
        try (StepContext ctx = context()) {
            Pipeline.Outcome outcome = new Pipeline(List.of(step)).run(ctx);
            assertThat(outcome.passed()).isTrue();
            assertThat(step.verdicts).containsExactly("pass-amd64 passed: all passed on pass-amd64",
                    "skip-arm64 not passed: not judged: cannot run skip-arm64 here");
        }
    }

    @Test
    void aFailureThatJudgesNothingStopsAtOnceAndIsNoVerdict() {
        Parted step = new Parted("stop-amd64", "pass-arm64");
        try (StepContext ctx = context()) {
            Pipeline.Outcome outcome = new Pipeline(List.of(step)).run(ctx);
            assertThat(outcome.failure().exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(outcome.failure().step()).isEqualTo("gate");
            assertThat(step.verdicts).isEmpty();
            assertThat(ctx.require(PartRuns.KEY).of("gate")).isEmpty();
        }
    }
}
