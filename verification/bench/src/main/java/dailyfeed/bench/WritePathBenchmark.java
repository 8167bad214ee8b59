package dailyfeed.bench;

import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import dailyfeed.launcher.Component;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Figure 2: {@code POST /api/posts} through a gateway at a fixed concurrency, with event publication (the stack as
 * the launcher runs it) and without (a second content-service from the same jar with {@code dailyfeed.outbox.enabled=false}
 * on a database of its own, behind a second gateway). The two alternate in rounds, so drift on this shared machine
 * hits both alike.
 */
final class WritePathBenchmark {

    static final int CONCURRENCY = 8;
    private static final String OFF_DB = "bench_content_off";

    private final Stack stack;
    private final Duration warmup;
    private final Duration window;

    WritePathBenchmark(Stack stack, Duration warmup, Duration window) {
        this.stack = stack;
        this.warmup = warmup;
        this.window = window;
    }

    List<Result> run(List<Member> writers) throws Exception {
        stack.createDatabase(OFF_DB, Component.CONTENT_SERVICE);
        // both start at once (the gateway does not need its service to be up), which saves a start-up's time
        int contentPort = stack.freePort();
        try (Stack.Service contentOff = stack.startService(
                        "content-off",
                        Component.CONTENT_SERVICE,
                        Map.of(
                                "PORT",
                                Integer.toString(contentPort),
                                "DB_URL",
                                stack.jdbcUrl(OFF_DB),
                                "DAILYFEED_OUTBOX_ENABLED",
                                "false",
                                "DAILYFEED_OUTBOX_RELAY_ENABLED",
                                "false"),
                        false);
                Stack.Service gatewayOff = stack.startService(
                        "gateway-off",
                        Component.GATEWAY,
                        Map.of("CONTENT_SERVICE_URL", "http://localhost:" + contentPort),
                        false)) {
            contentOff.awaitHealthy(Duration.ofMinutes(5));
            gatewayOff.awaitHealthy(Duration.ofMinutes(5));
            GatewayClient on = GatewayClient.to(stack.gatewayUrl());
            GatewayClient off = GatewayClient.to(gatewayOff.url());
            ClosedLoop.Outcome with = null;
            ClosedLoop.Outcome without = null;
            StackCpu cpuWith = new StackCpu(Map.of());
            StackCpu cpuWithout = new StackCpu(Map.of());
            for (int round = 0; round < 2; round++) {
                Duration warm = round == 0 ? warmup : Duration.ofSeconds(1);
                StackCpu before = StackCpu.of(stack);
                with = merge(with, load(on, writers, warm));
                StackCpu between = StackCpu.of(stack);
                without = merge(without, load(off, writers, warm));
                cpuWith = cpuWith.plus(between.minus(before));
                cpuWithout = cpuWithout.plus(StackCpu.of(stack).minus(between));
                System.out.printf(
                        "  round %d: with publication %,.0f posts/s p99 %.1f ms; without %,.0f posts/s p99 %.1f ms%n",
                        round + 1, with.perSecond(), with.p99Millis(), without.perSecond(), without.p99Millis());
            }
            String proof = publicationProof();
            // posts made in warm-ups count too: the CPU snapshots span them
            long postsWith = count("content", "SELECT count(*) FROM posts");
            long postsWithout = count(OFF_DB, "SELECT count(*) FROM posts");
            String profile = "with: " + cpuWith.perUnit(postsWith, "post") + "; without: "
                    + cpuWithout.perUnit(postsWithout, "post");
            System.out.println("  " + profile);
            double p99Overhead = with.p99Millis() / without.p99Millis();
            double throughputOverhead = without.perSecond() / with.perSecond();
            String context = "concurrency %d; with: %,d posts, p50 %.1f ms; without: %,d posts, p50 %.1f ms; %s%s"
                    .formatted(
                            CONCURRENCY,
                            with.succeeded(),
                            with.p50Millis(),
                            without.succeeded(),
                            without.p50Millis(),
                            proof + "; " + profile,
                            with.failed() + without.failed() == 0
                                    ? ""
                                    : "; FAILED: %d with, %d without".formatted(with.failed(), without.failed()));
            return List.of(
                    new Result(
                            "2 write path",
                            "write_p99_with_publication",
                            with.p99Millis(),
                            "ms",
                            "write_p99_without_publication",
                            without.p99Millis(),
                            p99Overhead,
                            "with / without",
                            "<= 1.3x",
                            p99Overhead <= 1.3,
                            context),
                    new Result(
                            "2 write path",
                            "write_throughput_with_publication",
                            with.perSecond(),
                            "posts/s",
                            "write_throughput_without_publication",
                            without.perSecond(),
                            throughputOverhead,
                            "without / with",
                            "<= 1.3x",
                            throughputOverhead <= 1.3,
                            context));
        }
    }

    private ClosedLoop.Outcome load(GatewayClient gateway, List<Member> writers, Duration warm)
            throws InterruptedException {
        return ClosedLoop.run(CONCURRENCY, warm, window, worker -> {
            Member author = writers.get(worker % writers.size());
            return gateway.exchange(gateway.createPostRequest(author, "bench", "bench post by worker " + worker))
                            .statusCode()
                    == 201;
        });
    }

    private static ClosedLoop.Outcome merge(ClosedLoop.Outcome sum, ClosedLoop.Outcome next) {
        return sum == null ? next : sum.plus(next);
    }

    /** The switch did what it says: the baseline recorded no event, the product one per post. */
    private String publicationProof() throws Exception {
        long offPosts = count(OFF_DB, "SELECT count(*) FROM posts");
        long offEvents = count(OFF_DB, "SELECT count(*) FROM event_outbox");
        long onPosts = count("content", "SELECT count(*) FROM posts");
        long onEvents = count("content", "SELECT count(*) FROM event_outbox");
        if (offEvents != 0 || offPosts == 0 || onEvents < onPosts) {
            throw new IllegalStateException(
                    "publication switch not as expected: without %d posts/%d events, with %d posts/%d events"
                            .formatted(offPosts, offEvents, onPosts, onEvents));
        }
        return "events recorded: %,d for %,d posts with, 0 for %,d posts without"
                .formatted(onEvents, onPosts, offPosts);
    }

    private long count(String database, String sql) throws Exception {
        try (Connection db = stack.connect(database);
                ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
