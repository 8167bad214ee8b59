package dailyfeed.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dailyfeed.harness.Answer;
import dailyfeed.harness.EventStreamClient;
import dailyfeed.harness.EventStreamClient.Event;
import dailyfeed.harness.EventStreamClient.Subscription;
import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import dailyfeed.harness.RunningDailyfeed;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live stream (docs/live-stream.md) on a system of two gateways and two activity-services (two of every service
 * and three brokers: the shape, and so the system, it shares with {@link ScaledOutLedgerIntegrationTests}): every stream, whichever
 * gateway and instance it reaches, gets each post of the member its reader follows exactly once and in the order they
 * were written, also when an activity-service or a gateway is killed while the posts go on and the clients resume
 * with {@code Last-Event-ID}.
 */
// after the single-instance classes, beside the other class on this shape: one system start for both
@Order(Order.DEFAULT + 1)
class StreamsOnTwoInstancesIntegrationTests {

    @RegisterExtension
    static final RunningDailyfeed dailyfeed =
            SystemUnderTest.extension().withArguments("--instances", "2", "--brokers", "3");

    private static final String STREAM = "/api/activities/followings/stream";
    private static final int READERS = 20;
    private static final int POSTS = 30;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void everyStreamOnEitherGatewayAndInstanceGetsEveryPostOnceInOrder() throws Exception {
        SystemUnderTest system = SystemUnderTest.of(dailyfeed);
        String runId = "t" + Long.toString(Math.abs(Seed.forTest("streams-two-instances")) % 1_000_000, 36);
        try (GatewayClient gateway =
                        GatewayClient.builder(system.baseUrl()).threads(8).build();
                EventStreamClient client = new EventStreamClient(4, Duration.ofMillis(500))) {
            Audience audience = Audience.gather(system, gateway, client, runId);

            List<Long> posted = new ArrayList<>();
            for (int i = 0; i < POSTS; i++) {
                posted.add(post(gateway, audience.writer(), runId + " post " + i));
            }

            awaitDelivered(audience, posted);
            report("streams-two-instances", audience, posted);
            assertEveryStreamGotExactly(audience, posted);
        }
    }

    /**
     * activity-service-2 is killed after the 10th post and gateway-2 after the 20th. A stream whose activity-service
     * died reconnects through the same gateway, which must send it to the instance that lives; a stream whose gateway
     * died is refused there and reconnects to the other gateway. Both resume from their last event id.
     */
    @Test
    void streamsResumeWithoutLossOrDuplicatesWhenAnActivityServiceAndAGatewayAreKilled() throws Exception {
        SystemUnderTest system = SystemUnderTest.of(dailyfeed);
        String runId = "k" + Long.toString(Math.abs(Seed.forTest("streams-instance-kills")) % 1_000_000, 36);
        try (GatewayClient gateway =
                        GatewayClient.builder(system.baseUrl()).threads(8).build();
                EventStreamClient client = new EventStreamClient(4, Duration.ofMillis(500))) {
            Audience audience = Audience.gather(system, gateway, client, runId);
            long onGateway2 = audience.subscriptions().stream()
                    .filter(subscription -> subscription
                            .base()
                            .toString()
                            .equals(system.baseUrls().get(1)))
                    .count();

            List<Long> posted = new ArrayList<>();
            Map<String, Long> killed = new LinkedHashMap<>();
            // the writer uses the first gateway, which stays up; the kills happen between its posts
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < POSTS; i++) {
                    if (i == 10) {
                        killed.put("activity-service-2", system.kill("activity-service-2"));
                    }
                    if (i == 20) {
                        killed.put("gateway-2", system.kill("gateway-2"));
                    }
                    posted.add(post(gateway, audience.writer(), runId + " post " + i));
                }
            });
            writing.get(); // fails the test with the writer's exception, if any

            awaitDelivered(audience, posted);
            report("streams-instance-kills", audience, posted);
            assertEveryStreamGotExactly(audience, posted);
            assertThat(audience.subscriptions().stream()
                            .filter(subscription -> subscription.connections() > 1)
                            .count())
                    .as("streams that had to reconnect (at least those on the killed gateway)")
                    .isGreaterThanOrEqualTo(onGateway2);

            // leave a whole system to the next test
            killed.forEach((name, pid) -> system.awaitRestarted(name, pid));
        }
    }

    /**
     * A writer, {@link #READERS} readers who follow it, and two streams per reader, one opened at each gateway,
     * each open and on one of the two activity-services.
     */
    private record Audience(Member writer, List<Subscription> subscriptions) {

        static Audience gather(SystemUnderTest system, GatewayClient gateway, EventStreamClient client, String runId)
                throws Exception {
            List<String> gateways = system.baseUrls();
            assertThat(gateways).as("gateways").hasSize(2);
            Member writer = Members.signUp(gateway, runId + "_writer");
            List<Member> readers = Members.signUp(gateway, runId + "_reader", READERS);
            for (Member reader : readers) {
                Answer follow = gateway.follow(reader, writer.id());
                assertThat(follow.ok())
                        .as("%s follows the writer: %s", reader.handle(), follow)
                        .isTrue();
            }
            // activity-service learns who follows whom from the follow events: wait until it knows all
            await("activity-service knows the followers")
                    .pollInSameThread()
                    .atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> followersKnown(system, writer.id()) == READERS);

            List<Subscription> subscriptions = new ArrayList<>();
            for (Member reader : readers) {
                for (int stream = 0; stream < gateways.size(); stream++) {
                    int home = stream;
                    // its own gateway first, the other one if its own does not answer
                    List<URI> bases = IntStream.range(0, gateways.size())
                            .mapToObj(k -> URI.create(gateways.get((home + k) % gateways.size())))
                            .toList();
                    subscriptions.add(client.subscribe(bases, STREAM, reader.token()));
                }
            }
            // the message names why a stream is not open (refused, a status), not only that it is not
            await("every stream open")
                    .atMost(Duration.ofMinutes(1))
                    .untilAsserted(() -> assertThat(subscriptions)
                            .filteredOn(subscription -> !subscription.isConnected())
                            .extracting(subscription ->
                                    subscription.base() + " after " + lastOf(subscription.interruptions()))
                            .isEmpty());
            // the gauge of each instance: the streams are spread, so the test is about two instances, not one
            await("streams on both activity-services")
                    .atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .untilAsserted(() -> {
                        long first = system.streamConnections("activity-service");
                        long second = system.streamConnections("activity-service-2");
                        assertThat(first).as("streams on activity-service").isPositive();
                        assertThat(second).as("streams on activity-service-2").isPositive();
                        assertThat(first + second).as("streams on both").isGreaterThanOrEqualTo(subscriptions.size());
                    });
            return new Audience(writer, subscriptions);
        }
    }

    private static String lastOf(List<String> interruptions) {
        return interruptions.isEmpty() ? "(no attempt ended yet)" : interruptions.get(interruptions.size() - 1);
    }

    private static long post(GatewayClient gateway, Member writer, String content) {
        Answer created = gateway.createPost(writer, null, content);
        assertThat(created.status()).as("post '%s': %s", content, created).isEqualTo(201);
        return created.id();
    }

    private static long followersKnown(SystemUnderTest system, long followee) throws Exception {
        try (Connection db = system.database("activity");
                PreparedStatement query =
                        db.prepareStatement("SELECT count(*) FROM follows WHERE followee_id = ? AND following")) {
            query.setLong(1, followee);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Until every stream has the last post, then until nothing more arrives for a while (a late duplicate would). */
    private static void awaitDelivered(Audience audience, List<Long> posted) {
        long last = posted.get(posted.size() - 1);
        await("every stream has the last post")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> audience.subscriptions().stream()
                        .allMatch(subscription -> postIds(subscription).contains(last)));
        AtomicInteger seen = new AtomicInteger(-1);
        await("no more events")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .during(Duration.ofSeconds(3))
                .until(() -> {
                    int now = audience.subscriptions().stream()
                            .mapToInt(subscription -> subscription.events().size())
                            .sum();
                    return seen.getAndSet(now) == now;
                });
    }

    /** Each stream's activities, as post ids in arrival order, are exactly the posts in the order they were written. */
    private static void assertEveryStreamGotExactly(Audience audience, List<Long> posted) {
        Map<String, String> wrong = new LinkedHashMap<>();
        List<Subscription> subscriptions = audience.subscriptions();
        for (int i = 0; i < subscriptions.size(); i++) {
            Subscription subscription = subscriptions.get(i);
            List<Long> received = postIds(subscription);
            List<Event> reloads = subscription.events("reload");
            if (!received.equals(posted) || !reloads.isEmpty()) {
                wrong.put(
                        "stream " + i + " (opened at " + subscription.base() + ")",
                        "post ids " + received
                                + (reloads.isEmpty() ? "" : ", reload events " + reloads)
                                + ", interruptions " + subscription.interruptions());
            }
        }
        assertThat(wrong)
                .as("streams that did not get the %d posts %s exactly once and in order", posted.size(), posted)
                .isEmpty();
        // ids name places in one stream order: every stream saw each activity under the same, distinct id
        List<String> ids =
                subscriptions.get(0).events("activity").stream().map(Event::id).toList();
        assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(subscriptions)
                .allSatisfy(subscription -> assertThat(subscription.events("activity").stream()
                                .map(Event::id)
                                .toList())
                        .isEqualTo(ids));
    }

    private static List<Long> postIds(Subscription subscription) {
        return subscription.events("activity").stream()
                .map(event -> {
                    JsonNode activity = JSON.readTree(event.data());
                    return activity.get("postId").asLong();
                })
                .toList();
    }

    private static void report(String test, Audience audience, List<Long> posted) {
        List<Subscription> subscriptions = audience.subscriptions();
        Figures.report(
                test,
                "%d streams, %d posts; %d streams reconnected (%d connections in all), %d activity events"
                        + " received in all (%d expected)",
                subscriptions.size(),
                posted.size(),
                subscriptions.stream()
                        .filter(subscription -> subscription.connections() > 1)
                        .count(),
                subscriptions.stream().mapToInt(Subscription::connections).sum(),
                subscriptions.stream()
                        .mapToInt(
                                subscription -> subscription.events("activity").size())
                        .sum(),
                (long) subscriptions.size() * posted.size());
    }
}
