package dailyfeed.e2e;

import dailyfeed.harness.RunningDailyfeed;
import java.util.Map;

/**
 * The one system every class of this suite shares (one configuration: one start for the whole run), started as an
 * operator who wants to see inside it would: JSON logs, and {@code --tracing} with Zipkin on a port of its own.
 * StartupIntegrationTests runs first, while it is fresh; EventContractIntegrationTests last, after every other class
 * published to its topic (the @Order of each, junit-platform.properties).
 */
final class E2eSystem {

    private E2eSystem() {}

    static RunningDailyfeed shared() {
        return new RunningDailyfeed()
                .withoutRateLimits()
                .withArguments("--tracing")
                .withEnvironment(Map.of(
                        "DAILYFEED_LOG_FORMAT",
                        "json",
                        // activity-service logs each stored event at DEBUG, in its trace: WriteTraceIntegrationTests
                        // reads it
                        "LOGGING_LEVEL_DAILYFEED_ACTIVITY_INGEST",
                        "DEBUG"));
    }
}
