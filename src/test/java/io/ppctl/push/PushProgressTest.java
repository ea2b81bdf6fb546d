package io.ppctl.push;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PushProgressTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void showsEachLayersBytesOfItsSizeTheTotalAndTheRate() {
        PushProgress p = new PushProgress("v1.0.0", 0);
        p.update("a1b2c3d4e5f6", "Preparing", -1, -1);
        p.update("0f9e8d7c6b5a", "Preparing", -1, -1);
        p.update("5a4b3c2d1e0f", "Layer already exists", -1, -1);
        p.update("a1b2c3d4e5f6", "Pushing", 3_000_000, 10_000_000);
        p.update("0f9e8d7c6b5a", "Pushing", 1_000_000, 2_000_000);
        p.update("0f9e8d7c6b5a", "Pushed", -1, -1);
        assertThat(p.lines(2 * SECOND)).containsExactly(
                "  a1b2c3d4e5f6  Pushing                3.0 MB / 10.0 MB",
                "  0f9e8d7c6b5a  Pushed                 2.0 MB / 2.0 MB",
                "  5a4b3c2d1e0f  Layer already exists",
                "  v1.0.0: 2 of 3 layers done, 5.0 MB / 12.0 MB sent, 2.5 MB/s");
    }

    @Test
    void theClosingLineForLogsIsTheTotal() {
        PushProgress p = new PushProgress("latest", SECOND);
        p.update("a1b2c3d4e5f6", "Pushing", 4_000_000, 4_000_000);
        p.update("a1b2c3d4e5f6", "Pushed", -1, -1);
        assertThat(p.total(3 * SECOND)).isEqualTo("latest: 1 of 1 layers done, 4.0 MB / 4.0 MB sent, 2.0 MB/s");
    }
}
