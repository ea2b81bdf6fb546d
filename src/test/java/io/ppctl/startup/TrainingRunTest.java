package io.ppctl.startup;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The class data sharing archive holds only what the training loads: every training command must run its real path
 * against the training daemon (exit 0), or a change to a command's Docker calls silently shrinks the archive.
 */
class TrainingRunTest {
    @Test
    void everyTrainingCommandRunsItsWholePath() throws Exception {
        List<TrainingRun.Result> results = TrainingRun.train(new PrintStream(OutputStream.nullOutputStream()));
        assertThat(results).extracting(TrainingRun.Result::command).contains("--version", "--help",
                "-C DIR smoke-test --image policy-platform:training", "-C DIR build", "-C DIR release --no-push");
        for (TrainingRun.Result r : results) {
            int expected = r.command().endsWith("--no-such-option") ? 2 : 0;
            assertThat(r.exitCode()).as(r.command()).isEqualTo(expected);
        }
    }
}
