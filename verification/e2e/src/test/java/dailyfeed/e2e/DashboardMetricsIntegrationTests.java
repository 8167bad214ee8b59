package dailyfeed.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dailyfeed.e2e.DashboardQueries.Selector;
import dailyfeed.harness.EventStreamClient;
import dailyfeed.harness.EventStreamClient.Subscription;
import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.LaunchedDailyfeed;
import dailyfeed.harness.Member;
import dailyfeed.harness.RunningDailyfeed;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Grafana dashboard of operations/grafana reads metrics that exist: after ordinary traffic (sign-ups, a follow,
 * a post, a stream) and a refusal of each kind (a ninth stream of one member, a locked-out login, a body too large),
 * every series any panel queries is in the Prometheus output of every component its {@code job} matcher names, and
 * the refusal counters counted what was refused.
 */
class DashboardMetricsIntegrationTests {

    @RegisterExtension
    static final RunningDailyfeed dailyfeed = E2eSystem.shared();

    static final Path DASHBOARD = LaunchedDailyfeed.home().resolve("operations/grafana/dailyfeed.json");
    static final Path SCRAPE_CONFIG = LaunchedDailyfeed.home().resolve("operations/prometheus/prometheus.yml");

    /** The components' ports of a system already running with {@code ./dailyfeed up}'s defaults. */
    private static final Map<String, Integer> DEFAULT_PORTS =
            Map.of("gateway", 8080, "member-service", 8081, "content-service", 8082, "activity-service", 8083);

    /** Kafka client metrics are bound by Micrometer once a minute: a partition's lag shows within that. */
    private static final Duration METRICS_BOUND = Duration.ofSeconds(90);

    private static final String RUN = Long.toString(System.currentTimeMillis() % 46_656L, 36);

    private final GatewayClient api = GatewayClient.builder(dailyfeed.baseUrl())
            .timeout(Duration.ofSeconds(15))
            .build();

    @Test
    void everyMetricTheDashboardQueriesIsExportedByTheComponentItNames() throws IOException {
        List<Selector> selectors = DashboardQueries.expressions(DASHBOARD).stream()
                .flatMap(expression -> DashboardQueries.selectors(expression).stream())
                .toList();
        assertThat(selectors).as("the dashboard's queries").hasSizeGreaterThan(10);
        assertThat(selectors)
                .as("every series the dashboard reads names its component (job)")
                .allSatisfy(selector ->
                        assertThat(selector.jobs()).as(selector.expression()).isNotEmpty());
        Set<String> jobs = new TreeSet<>();
        selectors.forEach(selector -> jobs.addAll(selector.jobs()));
        String scrapeConfig = Files.readString(SCRAPE_CONFIG, StandardCharsets.UTF_8);
        assertThat(jobs).allSatisfy(job -> assertThat(scrapeConfig).contains("job_name: " + job));

        driveTrafficAndRefusals();

        String token = api.serviceToken(dailyfeed.secrets().operationsClient(), "operations");
        await().atMost(METRICS_BOUND).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Map<String, PrometheusText> scraped = new LinkedHashMap<>();
            jobs.forEach(job -> scraped.put(job, scrape(job, token)));
            List<String> missing = new ArrayList<>();
            for (Selector selector : selectors) {
                for (String job : selector.jobs()) {
                    if (!scraped.get(job).has(selector.metric())) {
                        missing.add(selector.metric() + " at " + job);
                    }
                }
            }
            assertThat(missing)
                    .as("series the dashboard queries but nobody exports")
                    .isEmpty();
            assertThat(scraped.get("activity-service").of("kafka_consumer_fetch_manager_records_lag"))
                    .as("consumer lag per partition")
                    .anySatisfy(sample -> assertThat(sample.labels())
                            .contains("partition=\"", "topic=\"dailyfeed.member-activity\""));
            assertThat(scraped.get("activity-service").total("dailyfeed_activity_stream_refusals_total"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(scraped.get("member-service").total("dailyfeed_member_login_lockouts_total"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(scraped.get("gateway").total("dailyfeed_request_body_refusals_total"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(scraped.get("content-service").total("dailyfeed_outbox_sends_total"))
                    .isGreaterThanOrEqualTo(1);
        });
    }

    /** A follow and a post (the outbox, the ingest), a stream held to its limit and one more, a lockout, a 413. */
    private void driveTrafficAndRefusals() {
        Member reader = api.signUp("dash_r_" + RUN, "Dashboard Reader", "password-dash-r-" + RUN);
        Member writer = api.signUp("dash_w_" + RUN, "Dashboard Writer", "password-dash-w-" + RUN);
        api.follow(reader, writer.id()).expect(204);
        api.createPost(writer, "Dashboard", "A post the metrics see").expect(201);

        int perMember = 8; // DAILYFEED_STREAMS_PER_MEMBER's default, which the suite keeps
        String stream = "/api/activities/followings/stream";
        try (EventStreamClient streams = new EventStreamClient(2, Duration.ofSeconds(30))) {
            List<Subscription> open = new ArrayList<>();
            for (int i = 0; i < perMember; i++) {
                open.add(streams.subscribe(List.of(URI.create(dailyfeed.baseUrl())), stream, reader.token()));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> open.stream().allMatch(Subscription::isConnected));
            api.send(
                            "GET",
                            stream,
                            null,
                            null,
                            Map.of("Authorization", "Bearer " + reader.token(), "Accept", "text/event-stream"))
                    .expect(429);
        }

        for (int attempt = 0; attempt < 5; attempt++) {
            api.logIn(reader.handle(), "not-the-password").expect(401);
        }
        api.logIn(reader.handle(), "not-the-password").expect(429);

        byte[] tooLarge = new byte[128 * 1024]; // the limit is 64 KiB
        api.send("POST", "/api/posts", reader.token(), tooLarge, "application/json")
                .expect(413);
    }

    private PrometheusText scrape(String job, String token) {
        int port = dailyfeed.port(job).orElse(DEFAULT_PORTS.get(job));
        try (GatewayClient component = GatewayClient.to("http://localhost:" + port)) {
            return PrometheusText.parse(component
                    .send(
                            "GET",
                            "/actuator/prometheus",
                            null,
                            null,
                            // the text format Prometheus reads (the client's default asks for JSON)
                            Map.of("Authorization", "Bearer " + token, "Accept", "text/plain;version=0.0.4"))
                    .expect(200)
                    .body());
        }
    }
}
