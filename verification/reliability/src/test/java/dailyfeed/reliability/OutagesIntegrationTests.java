package dailyfeed.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dailyfeed.harness.Answer;
import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import dailyfeed.harness.RunningDailyfeed;
import dailyfeed.reliability.Ledger.Action;
import dailyfeed.reliability.Ledger.Outcome;
import dailyfeed.reliability.Ledger.Write;
import dailyfeed.reliability.LedgerCheck.Verdict;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Long outages of one dependency under load: Kafka unresponsive for a minute (writes must keep succeeding and their
 * activities arrive afterwards), and content-service's database refusing connections (writes get 503 problem+json,
 * nothing half done, and the service recovers by itself).
 */
class OutagesIntegrationTests {

    @RegisterExtension
    static final RunningDailyfeed dailyfeed = SystemUnderTest.extension();

    private static final Duration KAFKA_OUTAGE = Duration.ofSeconds(60);

    /** The answers with a 5xx status of the current test, for what their bodies say. */
    private final List<Answer> lastProblems = new ArrayList<>();

    /**
     * The broker is stopped with SIGSTOP rather than killed: the launcher would restart a killed broker within a
     * second, and a stopped one is the harder case anyway: its connections stay open and nothing answers, so every
     * client waits for its own timeouts (the ledger test covers the killed broker).
     */
    @Test
    void writesSucceedWhileKafkaIsDownForAMinuteAndTheirActivitiesArriveAfterwards() throws Exception {
        SystemUnderTest system = SystemUnderTest.of(dailyfeed);
        long seed = Seed.forTest("kafka-outage");
        String runId = "k" + Long.toString(Math.abs(seed) % 1_000_000, 36);
        try (GatewayClient gateway =
                GatewayClient.builder(system.baseUrl()).threads(12).build()) {
            List<Member> members = Members.signUp(gateway, runId, 8);
            Ledger ledger = new Ledger();
            long pausedAt;
            long resumedAt;
            try (Workload workload = new Workload(gateway, members, ledger, seed, runId)) {
                workload.start();
                await("load established")
                        .pollInSameThread()
                        .atMost(Duration.ofMinutes(2))
                        .until(() -> ledger.size() >= 300);
                system.pause("kafka");
                pausedAt = System.nanoTime();
                try {
                    // the assertion is the wait: for the whole minute, no write may fail or go unanswered
                    await("every write acknowledged while Kafka is down")
                            .pollInSameThread()
                            .during(KAFKA_OUTAGE)
                            .atMost(KAFKA_OUTAGE.plusSeconds(10))
                            .pollInterval(Duration.ofSeconds(1))
                            .until(() -> ledger.writes().stream().allMatch(write -> write.outcome() == Outcome.ACKED));
                } finally {
                    system.resume("kafka");
                }
                resumedAt = System.nanoTime();
                workload.stop();
            }
            List<Write> writes = ledger.writes();
            Histogram latency = new Histogram(3);
            long duringOutage = writes.stream()
                    .filter(write -> write.sentNanos() >= pausedAt && write.sentNanos() < resumedAt)
                    .peek(write -> latency.recordValue(write.tookNanos() / 1000))
                    .count();

            Stored stored = new Stored(system, members.stream().map(Member::id).toList());
            system.awaitQuiescence(stored, Duration.ofMinutes(3));
            double arrival = (System.nanoTime() - resumedAt) / 1e9;
            Verdict verdict = LedgerCheck.compare(writes, stored.activities(), stored.visible());
            Figures.report(
                    "kafka-outage",
                    "Kafka stopped %.0f s; %d writes sent meanwhile, latency p50=%.1f ms"
                            + " p99=%.1f ms max=%.1f ms; all activities stored %.1f s after it resumed\n"
                            + "%s",
                    (resumedAt - pausedAt) / 1e9,
                    duringOutage,
                    latency.getValueAtPercentile(50) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0,
                    latency.getMaxValue() / 1000.0,
                    arrival,
                    verdict.figures());
            verdict.examples().forEach(example -> Figures.report("kafka-outage", "  %s", example));

            assertThat(duringOutage).as("writes while Kafka was down").isGreaterThan(100);
            assertThat(verdict.outcomes().get(Outcome.ACKED)).isEqualTo(writes.size());
            assertThat(verdict.lost()).isZero();
            assertThat(verdict.duplicated()).isZero();
            assertThat(verdict.invented()).isZero();
            assertThat(verdict.actorsOutOfOrder()).isZero();
        }
    }

    /**
     * content-service's database alone goes away: it refuses new connections and its open ones are ended, as in a
     * crash or a failover. Stopping PostgreSQL would take member-service's and activity-service's databases with it
     * (one server holds all three), and then the test could no longer tell whose failure caused what.
     */
    @Test
    void writesGet503WhileTheContentDatabaseIsDownAndSucceedAgainWithoutARestart() throws Exception {
        SystemUnderTest system = SystemUnderTest.of(dailyfeed);
        long seed = Seed.forTest("database-outage");
        String runId = "d" + Long.toString(Math.abs(seed) % 1_000_000, 36);
        try (GatewayClient gateway =
                GatewayClient.builder(system.baseUrl()).threads(8).build()) {
            List<Member> members = Members.signUp(gateway, runId, 3);
            Member author = members.get(0);
            Member reader = members.get(1);
            Ledger ledger = new Ledger();
            Write post = write(
                    ledger,
                    author,
                    Action.CREATE_POST,
                    0,
                    "outage " + runId + " post",
                    marker -> gateway.createPost(author, null, marker));
            assertThat(post.status()).isEqualTo(201);
            long postId = post.createdId();
            long contentPid = system.process("content-service").pid();

            List<Write> duringOutage = new ArrayList<>();
            setContentDatabaseAvailable(system, false);
            try {
                List<CompletableFuture<Write>> tries = List.of(
                        CompletableFuture.supplyAsync(() -> write(
                                ledger,
                                author,
                                Action.CREATE_POST,
                                0,
                                "outage " + runId + " lost post",
                                marker -> gateway.createPost(author, null, marker))),
                        CompletableFuture.supplyAsync(() -> write(
                                ledger,
                                reader,
                                Action.CREATE_COMMENT,
                                postId,
                                "outage " + runId + " lost comment",
                                marker -> gateway.comment(reader, postId, marker))),
                        CompletableFuture.supplyAsync(() -> write(
                                ledger,
                                reader,
                                Action.LIKE_POST,
                                postId,
                                null,
                                marker -> gateway.likePost(reader, postId))));
                for (CompletableFuture<Write> attempt : tries) {
                    duringOutage.add(attempt.join());
                }
            } finally {
                setContentDatabaseAvailable(system, true);
            }
            assertThat(duringOutage)
                    .allSatisfy(write -> assertThat(write.status()).isEqualTo(503));
            assertThat(lastProblems).allSatisfy(problem -> {
                assertThat(problem.contentType()).startsWith("application/problem+json");
                assertThat(problem.json().get("status").asInt()).isEqualTo(503);
            });

            // recovery on its own: the same process answers 201 again once the database is back
            long restored = System.nanoTime();
            AtomicLong probes = new AtomicLong();
            await("writes succeed again")
                    .pollInSameThread()
                    .atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> write(
                                            ledger,
                                            author,
                                            Action.CREATE_POST,
                                            0,
                                            "outage " + runId + " probe " + probes.incrementAndGet(),
                                            marker -> gateway.createPost(author, null, marker))
                                    .status()
                            == 201);
            double recovery = (System.nanoTime() - restored) / 1e9;
            assertThat(system.process("content-service").pid())
                    .as("content-service was not restarted")
                    .isEqualTo(contentPid);

            Stored stored = new Stored(system, members.stream().map(Member::id).toList());
            system.awaitQuiescence(stored, Duration.ofMinutes(2));
            Verdict verdict = LedgerCheck.compare(ledger.writes(), stored.activities(), stored.visible());
            Figures.report(
                    "database-outage",
                    "503 answers while down: %d of %d; writes succeeded again %.1f s"
                            + " after the database came back (%d probes)\n%s",
                    duringOutage.stream().filter(write -> write.status() == 503).count(),
                    duringOutage.size(),
                    recovery,
                    probes.get(),
                    verdict.figures());
            verdict.examples().forEach(example -> Figures.report("database-outage", "  %s", example));

            assertThat(verdict.uncertainLanded())
                    .as("writes answered 503 whose change is there anyway")
                    .isZero();
            assertThat(verdict.lost()).isZero();
            assertThat(verdict.duplicated()).isZero();
            assertThat(verdict.invented()).isZero();
            try (Connection content = system.database("content");
                    Statement query = content.createStatement();
                    var row = query.executeQuery("SELECT like_count, comment_count FROM posts WHERE id = " + postId)) {
                row.next();
                assertThat(row.getLong(1)).as("likes of the post").isZero();
                assertThat(row.getLong(2)).as("comments of the post").isZero();
            }
        }
    }

    /** Sends one write and records it; the problem body of a 5xx is kept for the assertions. */
    private Write write(
            Ledger ledger, Member member, Action action, long target, String marker, Function<String, Answer> request) {
        long seq = ledger.nextSeq();
        long sent = System.nanoTime();
        Answer answer = request.apply(marker);
        Write write = new Write(
                seq,
                member.id(),
                action,
                target,
                marker,
                answer.status(),
                answer.status() == 201 ? answer.id() : 0,
                sent,
                System.nanoTime() - sent);
        ledger.record(write);
        if (answer.status() / 100 == 5) {
            synchronized (lastProblems) {
                lastProblems.add(answer);
            }
        }
        return write;
    }

    private static void setContentDatabaseAvailable(SystemUnderTest system, boolean available) throws SQLException {
        try (Connection admin = system.database("member");
                Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE content ALLOW_CONNECTIONS " + available);
            if (!available) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'content'");
                // pg_terminate_backend only signals: wait until the backends are gone, or a write could still use one
                await("content's connections ended")
                        .pollInSameThread()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> {
                            try (var open = statement.executeQuery(
                                    "SELECT count(*) FROM pg_stat_activity WHERE datname = 'content'")) {
                                open.next();
                                return open.getLong(1) == 0;
                            }
                        });
            }
        }
    }
}
