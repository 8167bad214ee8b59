package dailyfeed.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dailyfeed.harness.Answer;
import dailyfeed.harness.EventStreamClient;
import dailyfeed.harness.EventStreamClient.Subscription;
import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import dailyfeed.harness.RunningDailyfeed;
import dailyfeed.reliability.Kills.Kill;
import dailyfeed.reliability.LedgerCheck.Pair;
import dailyfeed.reliability.LedgerCheck.Verdict;
import dailyfeed.reliability.SystemUnderTest.Replication;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ledger of {@link LedgerUnderFaultsIntegrationTests} on the scaled-out shape: two instances of every service and
 * of the gateway, and a three-node Kafka cluster (replication factor 3, {@code min.insync.replicas} 2). Members write
 * through both gateways while one instance of each service, one gateway and one broker are SIGKILLed at random
 * moments, one at a time. Afterwards nothing may be lost, duplicated, invented or reordered. Live streams opened at
 * both gateways before the first kill must have received every activity of their readers' followees exactly once and
 * in stream order (docs/live-stream.md: a client that resumes with {@code Last-Event-ID} misses nothing, whichever
 * instance it reaches), also after the last kill.
 */
// after the single-instance classes, beside the other class on this shape: one system start for both
@Order(Order.DEFAULT + 1)
class ScaledOutLedgerIntegrationTests {

    @RegisterExtension
    static final RunningDailyfeed dailyfeed =
            SystemUnderTest.extension().withArguments("--instances", "2", "--brokers", "3");

    private static final String TEST = "scaled-out";
    private static final int MEMBERS = 12;
    private static final int MIN_WRITES = 4_000;
    /** Writes after the last victim is healthy again, so that every stream has activities from after the kills. */
    private static final int WRITES_AFTER_THE_KILLS = 400;
    /** Readers outside the workload, each with a stream at each gateway; each follows {@link #FOLLOWEES} writers. */
    private static final int READERS = 6;

    private static final int FOLLOWEES = 3;
    /**
     * Each member's pause between writes: about 12 writes a second in all. The fourteen JVMs of this shape already
     * take most of two cores; with a pause of 400 ms (25 writes a second) a restarted service got a quarter of a core
     * and needed 147-167 s to serve again (more than 180 s in a CI run that failed), with 800 ms 31-113 s on the same
     * seed. Every kill still falls among writes in flight.
     */
    private static final Duration THINK = Duration.ofMillis(800);

    private static final List<String> SCALED_OUT =
            List.of("member-service", "content-service", "activity-service", "gateway");
    private static final String STREAM = "/api/activities/followings/stream";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A live stream of a reader, opened at one gateway (and moving to the other one when that does not answer). */
    private record Stream(String home, Set<Long> followees, Subscription subscription) {

        /** The ids of the activities received, in arrival order. */
        List<Long> activityIds() {
            return subscription.events("activity").stream()
                    .map(event -> JSON.readTree(event.data()).get("id").asLong())
                    .toList();
        }

        long activitiesOccurredAfter(Instant instant) {
            return subscription.events("activity").stream()
                    .map(event -> Instant.parse(
                            JSON.readTree(event.data()).get("occurredAt").asString()))
                    .filter(occurred -> occurred.isAfter(instant))
                    .count();
        }
    }

    @Test
    void nothingIsLostDuplicatedOrInventedAndOpenStreamsMissNothingWhileOneOfEachIsKilled() throws Exception {
        SystemUnderTest system = SystemUnderTest.of(dailyfeed);
        long seed = Seed.forTest(TEST);
        Random random = new Random(seed);
        String runId = "s" + Long.toString(Math.abs(seed) % 1_000_000, 36);
        long started = System.nanoTime();
        List<String> bases = system.baseUrls();
        assertThat(bases).as("gateways").hasSize(2);
        assertThat(system.kafkaNodes()).as("Kafka nodes").containsExactly("kafka", "kafka-2", "kafka-3");

        try (GatewayClient first = GatewayClient.builder(bases.get(0))
                        .threads(MEMBERS / 2 + 4)
                        .build();
                GatewayClient second = GatewayClient.builder(bases.get(1))
                        .threads(MEMBERS / 2 + 4)
                        .build();
                EventStreamClient streamClient = new EventStreamClient(4, Duration.ofMillis(500))) {
            List<Member> members = Members.signUp(first, runId, MEMBERS);
            List<Member> readers = Members.signUp(second, runId + "_reader", READERS);
            followSomeWriters(system, first, readers, members, random);
            assertReplicatedOnEveryBroker(system);
            List<Stream> streams = openStreams(system, streamClient, readers, bases);

            List<String> victims = new ArrayList<>();
            for (String component : SCALED_OUT) {
                victims.add(random.nextBoolean() ? component : component + "-2");
            }
            victims.add(system.kafkaNodes().get(random.nextInt(3)));
            Collections.shuffle(victims, random);

            Ledger ledger = new Ledger();
            List<Kill> kills;
            Instant afterTheKills;
            List<Integer> byGateway;
            try (Workload workload =
                    new Workload(List.of(first, second), members, ledger, seed, runId).thinking(THINK)) {
                workload.start();
                kills = Kills.oneAtATime(TEST, system, ledger, victims, random, 100, 300);
                afterTheKills = Instant.now();
                int healthyAgainAt = ledger.size();
                await("at least " + MIN_WRITES + " writes, " + WRITES_AFTER_THE_KILLS + " of them after the kills")
                        .pollInSameThread()
                        .atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> ledger.size() >= Math.max(MIN_WRITES, healthyAgainAt + WRITES_AFTER_THE_KILLS));
                workload.stop();
                byGateway = workload.writesByGateway();
            }
            double loadSeconds = (System.nanoTime() - started) / 1e9;

            Stored stored = new Stored(system, members.stream().map(Member::id).toList());
            long quiet = System.nanoTime();
            system.awaitQuiescence(stored, Duration.ofMinutes(3));
            Figures.report(TEST, "quiescent %.1f s after the last write", (System.nanoTime() - quiet) / 1e9);
            Verdict verdict = LedgerCheck.compare(ledger.writes(), stored.activities(), stored.visible());
            Figures.report(
                    TEST,
                    "seed=%d members=%d writes by gateway=%s kills=%s load=%.0f s\n%s",
                    seed,
                    MEMBERS,
                    byGateway,
                    kills.stream().map(Kill::victim).toList(),
                    loadSeconds,
                    verdict.figures());
            verdict.examples().forEach(example -> Figures.report(TEST, "  %s", example));

            // the streams' figures too before any assertion fails
            assertStreamsGotEverything(system, streams, kills, afterTheKills);
            assertThat(verdict.writes()).isGreaterThanOrEqualTo(MIN_WRITES);
            assertThat(byGateway)
                    .as("writes through each gateway")
                    .allSatisfy(writes -> assertThat(writes).isPositive());
            assertThat(stored.followGraph())
                    .as("activity-service's follow graph against member-service's follows")
                    .isEqualTo(stored.visible().follows());
            verdict.assertHolds();
        }
    }

    /** Each reader follows {@link #FOLLOWEES} random writers, and activity-service knows it before any stream opens. */
    private static void followSomeWriters(
            SystemUnderTest system, GatewayClient gateway, List<Member> readers, List<Member> writers, Random random) {
        Set<Pair> follows = new HashSet<>();
        for (Member reader : readers) {
            List<Member> candidates = new ArrayList<>(writers);
            Collections.shuffle(candidates, random);
            for (Member writer : candidates.subList(0, FOLLOWEES)) {
                Answer follow = gateway.follow(reader, writer.id());
                assertThat(follow.ok())
                        .as("%s follows %s: %s", reader.handle(), writer.handle(), follow)
                        .isTrue();
                follows.add(new Pair(writer.id(), reader.id()));
            }
        }
        Stored byReaders = new Stored(system, readers.stream().map(Member::id).toList());
        await("activity-service knows whom the readers follow")
                .pollInSameThread()
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> byReaders.followGraph().equals(follows));
    }

    /** The activity topic and its DLT: 3 replicas of every partition, 2 of which must be in sync for a write. */
    private static void assertReplicatedOnEveryBroker(SystemUnderTest system) throws Exception {
        for (String topic : List.of(SystemUnderTest.ACTIVITY_TOPIC, SystemUnderTest.ACTIVITY_TOPIC + ".DLT")) {
            Replication replication = system.replication(topic);
            Figures.report(
                    TEST,
                    "%s: %d partitions, replicas %s, min.insync.replicas=%s",
                    topic,
                    replication.replicasPerPartition().size(),
                    replication.replicasPerPartition(),
                    replication.minInSyncReplicas());
            assertThat(replication.replicasPerPartition())
                    .as("replicas of each partition of %s", topic)
                    .isNotEmpty()
                    .containsOnly(3);
            assertThat(replication.minInSyncReplicas())
                    .as("min.insync.replicas of %s", topic)
                    .isEqualTo("2");
        }
    }

    /**
     * One stream per reader at each gateway, the other gateway second in its list, as a browser's EventSource that
     * knows both addresses; waited for until every stream is open and registered on an activity-service instance, so
     * that every activity the workload causes comes after its start.
     */
    private static List<Stream> openStreams(
            SystemUnderTest system, EventStreamClient client, List<Member> readers, List<String> bases)
            throws Exception {
        List<Stream> streams = new ArrayList<>();
        for (Member reader : readers) {
            Set<Long> followees = new Stored(system, List.of(reader.id()))
                    .followGraph().stream().map(Pair::target).collect(Collectors.toSet());
            for (int home = 0; home < bases.size(); home++) {
                List<URI> order =
                        List.of(URI.create(bases.get(home)), URI.create(bases.get((home + 1) % bases.size())));
                streams.add(new Stream(bases.get(home), followees, client.subscribe(order, STREAM, reader.token())));
            }
        }
        List<String> activityServices = List.of("activity-service", "activity-service-2");
        await("every stream open and registered")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(streams)
                            .filteredOn(stream -> !stream.subscription().isConnected())
                            .extracting(stream ->
                                    stream.home() + ": " + stream.subscription().interruptions())
                            .as("streams not open")
                            .isEmpty();
                    Map<String, Long> registered = new LinkedHashMap<>();
                    for (String instance : activityServices) {
                        registered.put(instance, system.streamConnections(instance));
                    }
                    assertThat(registered.values())
                            .as("streams by instance %s", registered)
                            .allSatisfy(count -> assertThat(count).isPositive());
                    assertThat(registered.values().stream()
                                    .mapToLong(Long::longValue)
                                    .sum())
                            .as("streams registered, %s", registered)
                            .isEqualTo(streams.size());
                });
        return streams;
    }

    /**
     * Every stream got exactly its readers' followees' activities, each once, in stream order, none of them replaced by
     * a {@code reload}; some of them occurred after the kills; and the streams of the killed gateway reconnected.
     */
    private static void assertStreamsGotEverything(
            SystemUnderTest system, List<Stream> streams, List<Kill> kills, Instant afterTheKills) throws Exception {
        Map<Set<Long>, List<Long>> expected = new LinkedHashMap<>();
        for (Stream stream : streams) {
            expected.put(stream.followees(), new Stored(system, stream.followees()).inStreamOrder());
        }
        AtomicLong received = new AtomicLong(-1);
        try {
            await("every stream caught up and quiet")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .during(Duration.ofSeconds(3))
                    .until(() -> {
                        long now = streams.stream()
                                .mapToLong(
                                        stream -> stream.subscription().events().size())
                                .sum();
                        boolean caughtUp = streams.stream()
                                .allMatch(stream -> stream.activityIds().size()
                                        >= expected.get(stream.followees()).size());
                        return received.getAndSet(now) == now && caughtUp;
                    });
        } catch (ConditionTimeoutException e) {
            // a stream that stopped for good: the assertion below says which and how
            Figures.report(TEST, "streams did not catch up: %s", e.getMessage());
        }

        String killedGateway = kills.stream()
                .map(Kill::victim)
                .filter(victim -> victim.startsWith("gateway"))
                .findFirst()
                .orElseThrow();
        String killedBase = system.baseUrls().get(killedGateway.equals("gateway") ? 0 : 1);
        Map<String, String> wrong = new LinkedHashMap<>();
        List<Long> afterKills = new ArrayList<>();
        for (int i = 0; i < streams.size(); i++) {
            Stream stream = streams.get(i);
            Subscription subscription = stream.subscription();
            List<Long> ids = stream.activityIds();
            List<Long> wanted = expected.get(stream.followees());
            long late = stream.activitiesOccurredAfter(afterTheKills);
            afterKills.add(late);
            boolean reconnectedIfItHadTo = !stream.home().equals(killedBase) || subscription.connections() > 1;
            if (!ids.equals(wanted) || !subscription.events("reload").isEmpty() || late == 0 || !reconnectedIfItHadTo) {
                wrong.put(
                        "stream " + i + " opened at " + stream.home(),
                        describe(ids, wanted) + ", " + late + " occurred after the kills, reload events "
                                + subscription.events("reload") + ", " + subscription.connections()
                                + " connections, interruptions " + subscription.interruptions());
            }
        }
        Figures.report(
                TEST,
                "%d streams: %d reconnected (%d connections in all), %d activity events received (%d expected),"
                        + " received per stream after the kills %s",
                streams.size(),
                streams.stream()
                        .filter(stream -> stream.subscription().connections() > 1)
                        .count(),
                streams.stream()
                        .mapToInt(stream -> stream.subscription().connections())
                        .sum(),
                streams.stream()
                        .mapToLong(stream -> stream.activityIds().size())
                        .sum(),
                streams.stream()
                        .mapToLong(stream -> expected.get(stream.followees()).size())
                        .sum(),
                afterKills);
        assertThat(wrong)
                .as(
                        "streams that did not get all their followees' activities once and in stream order, none after"
                                + " the kills, or did not reconnect after %s was killed",
                        killedGateway)
                .isEmpty();
    }

    /** How a stream's activity ids differ from those expected: counts, missing, extra, and where the order breaks. */
    private static String describe(List<Long> received, List<Long> wanted) {
        Set<Long> missing = new HashSet<>(wanted);
        received.forEach(missing::remove);
        Set<Long> unique = new HashSet<>(received);
        int firstDifference = 0;
        while (firstDifference < Math.min(received.size(), wanted.size())
                && received.get(firstDifference).equals(wanted.get(firstDifference))) {
            firstDifference++;
        }
        return received.size() + " activities (" + wanted.size() + " expected), " + (received.size() - unique.size())
                + " repeated, missing " + missing.stream().limit(10).toList() + (missing.size() > 10 ? " ..." : "")
                + ", first difference at " + firstDifference;
    }
}
