package dailyfeed.e2e;

import dailyfeed.harness.RunningDailyfeed;
import java.util.Map;

/** The one system every class of this suite shares (one configuration: one start for the whole run). */
final class E2eSystem {

    private E2eSystem() {}

    static RunningDailyfeed shared() {
        return new RunningDailyfeed()
                .withoutRateLimits()
                // activity-service logs each stored event at DEBUG, in its trace: WriteTraceIntegrationTests reads it
                .withEnvironment(Map.of("LOGGING_LEVEL_DAILYFEED_ACTIVITY_INGEST", "DEBUG"));
    }
}
