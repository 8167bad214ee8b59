package dailyfeed.bench;

import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import dailyfeed.launcher.Component;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Figure 2: {@code POST /api/posts} through a gateway at a fixed concurrency, three ways in alternating rounds, so
 * drift on this shared machine hits all alike:
 *
 * <ul>
 *   <li><b>off</b>: a second content-service from the same exec jar, on a database of its own behind a second
 *       gateway, with the benchmark-only jar {@code bench-publication-off} on its {@code loader.path}: its outbox
 *       records nothing. The product has no switch for this; the baseline is made by adding code, not by a setting.
 *   <li><b>publication alone</b>: the stack as the launcher runs it, with activity-service (the consumer) paused
 *       (SIGSTOP) while measuring: what recording and sending the events costs the writer.
 *   <li><b>pipeline</b>: the same with the consumer on, and its work for the round's posts counted: the round's CPU
 *       ends once the consumer has caught up.
 * </ul>
 *
 * <p>Before the rounds each stack is written to until its CPU per post is steady ({@link SteadyWarmUp}): the
 * services run both JIT compilers, and C2 takes minutes of traffic on two busy cores to compile the request paths. A
 * figure taken before that measures the compiler, not the request; a service runs for days.
 */
final class WritePathBenchmark {

    static final int CONCURRENCY = 8;
    private static final String OFF_DB = "bench_content_off";
    private static final int ROUNDS = 2;
    /**
     * C2 compiles in waves: a stack can hold one CPU per post for three windows and then drop by a quarter (a run of
     * 2026-12-01 at 11.3 ms after 2.5 minutes, 8.7 ms after 3.7), so the warm-up lasts at least four minutes.
     */
    private static final Duration MIN_WARM = Duration.ofSeconds(Long.getLong("bench.write-min-warm-seconds", 240));

    private static final Duration MAX_WARM = Duration.ofSeconds(Long.getLong("bench.write-max-warm-seconds", 480));
    private static final Duration WARM_WINDOW = Duration.ofSeconds(20);

    private final Stack stack;
    private final Duration warmup;
    private final Duration window;

    WritePathBenchmark(Stack stack, Duration warmup, Duration window) {
        this.stack = stack;
        this.warmup = warmup;
        this.window = window;
    }

    /** One way of writing: its load, the CPU of the stack while it ran, and how many posts that CPU made. */
    private static final class Side {
        final String name;
        ClosedLoop.Outcome outcome;
        StackCpu cpu = new StackCpu(Map.of());
        long posts;

        Side(String name) {
            this.name = name;
        }

        void add(ClosedLoop.Outcome next, StackCpu used, long madePosts) {
            outcome = outcome == null ? next : outcome.plus(next);
            cpu = cpu.plus(used);
            posts += madePosts;
        }

        String describe() {
            return "%s: %,d posts, p50 %.1f ms, p99 %.1f ms, %,.0f posts/s, %s"
                    .formatted(
                            name,
                            outcome.succeeded(),
                            outcome.p50Millis(),
                            outcome.p99Millis(),
                            outcome.perSecond(),
                            cpu.perUnit(posts, "post"));
        }
    }

    List<Result> run(List<Member> writers) throws Exception {
        stack.createDatabase(OFF_DB, Component.CONTENT_SERVICE);
        Path publicationOff = Path.of(System.getProperty("bench.publication-off-jar", ""));
        if (!Files.isRegularFile(publicationOff)) {
            throw new IllegalStateException("the baseline's jar is not built: " + publicationOff);
        }
        // both start at once (the gateway does not need its service to be up), which saves a start-up's time
        int contentPort = stack.freePort();
        try (Stack.Service contentOff = stack.startService(
                        "content-off",
                        Component.CONTENT_SERVICE,
                        Map.of("PORT", Integer.toString(contentPort), "DB_URL", stack.jdbcUrl(OFF_DB)),
                        false,
                        List.of(publicationOff));
                Stack.Service gatewayOff = stack.startService(
                        "gateway-off",
                        Component.GATEWAY,
                        Map.of("CONTENT_SERVICE_URL", "http://localhost:" + contentPort),
                        false);
                ConsumerPause consumer = new ConsumerPause(stack)) {
            contentOff.awaitHealthy(Duration.ofMinutes(5));
            gatewayOff.awaitHealthy(Duration.ofMinutes(5));
            GatewayClient on = GatewayClient.to(stack.gatewayUrl());
            GatewayClient off = GatewayClient.to(gatewayOff.url());
            String warmedPipeline = warmUntilSteady("pipeline", on, "content", writers);
            String warmedOff = warmUntilSteady("off", off, OFF_DB, writers);
            Side without = new Side("off");
            Side alone = new Side("publication alone");
            Side pipeline = new Side("pipeline");
            for (int round = 0; round < ROUNDS; round++) {
                Duration warm = round == 0 ? warmup : Duration.ofSeconds(1);
                measure(without, off, OFF_DB, writers, warm, () -> {});
                consumer.pause();
                measure(alone, on, "content", writers, warm, () -> {});
                consumer.resume();
                consumer.awaitCaughtUp(); // the backlog of the paused round is nobody's figure
                measure(pipeline, on, "content", writers, warm, consumer::awaitCaughtUp);
                // the baseline's processes idle meanwhile; they are not part of the stack whose cost is the target
                pipeline.cpu = pipeline.cpu.excluding(List.of(contentOff.name, gatewayOff.name, "pg " + OFF_DB));
                System.out.printf(
                        "  round %d: off %,.0f posts/s p99 %.1f ms; publication alone %,.0f posts/s p99 %.1f ms;"
                                + " pipeline %,.0f posts/s p99 %.1f ms%n",
                        round + 1,
                        without.outcome.perSecond(),
                        without.outcome.p99Millis(),
                        alone.outcome.perSecond(),
                        alone.outcome.p99Millis(),
                        pipeline.outcome.perSecond(),
                        pipeline.outcome.p99Millis());
            }
            String proof = publicationProof();
            String context = "concurrency %d, %d alternating rounds after warming (%s; %s); %s; %s; %s; %s%s"
                    .formatted(
                            CONCURRENCY,
                            ROUNDS,
                            warmedPipeline,
                            warmedOff,
                            without.describe(),
                            alone.describe(),
                            pipeline.describe(),
                            proof,
                            failures(without, alone, pipeline));
            System.out.println("  " + context);
            List<Result> results = new ArrayList<>();
            results.addAll(against(without, alone, "publication_alone", 1.2, context));
            results.addAll(against(without, pipeline, "pipeline", 1.6, context));
            results.addAll(cpuLines(pipeline, context));
            return results;
        }
    }

    /** One measured window of {@code side}; its CPU runs until {@code settled} returned (the consumer caught up). */
    private void measure(
            Side side, GatewayClient gateway, String database, List<Member> writers, Duration warm, Settle settled)
            throws Exception {
        long postsBefore = count(database, "SELECT count(*) FROM posts");
        StackCpu before = StackCpu.of(stack);
        ClosedLoop.Outcome outcome = load(gateway, writers, warm, window);
        settled.run();
        StackCpu used = StackCpu.of(stack).minus(before);
        // posts made in the warm-up count too: the CPU snapshots span them
        side.add(outcome, used, count(database, "SELECT count(*) FROM posts") - postsBefore);
    }

    /** Writes through {@code gateway} until the stack's CPU per post is steady ({@link SteadyWarmUp}). */
    private String warmUntilSteady(String name, GatewayClient gateway, String database, List<Member> writers)
            throws Exception {
        return new SteadyWarmUp(name, "post", WARM_WINDOW, MIN_WARM, MAX_WARM).run(stack, length -> {
            long postsBefore = count(database, "SELECT count(*) FROM posts");
            load(gateway, writers, Duration.ZERO, length);
            return count(database, "SELECT count(*) FROM posts") - postsBefore;
        });
    }

    private interface Settle {
        void run() throws Exception;
    }

    private static List<Result> against(Side without, Side with, String name, double limit, String context) {
        double p99 = with.outcome.p99Millis() / without.outcome.p99Millis();
        double throughput = without.outcome.perSecond() / with.outcome.perSecond();
        return List.of(
                new Result(
                        "2 write path",
                        "write_p99_" + name,
                        with.outcome.p99Millis(),
                        "ms",
                        "write_p99_publication_off",
                        without.outcome.p99Millis(),
                        p99,
                        with.name + " / off",
                        "<= %.1fx".formatted(limit),
                        p99 <= limit,
                        context),
                new Result(
                        "2 write path",
                        "write_throughput_" + name,
                        with.outcome.perSecond(),
                        "posts/s",
                        "write_throughput_publication_off",
                        without.outcome.perSecond(),
                        throughput,
                        "off / " + with.name,
                        "<= %.1fx".formatted(limit),
                        throughput <= limit,
                        context));
    }

    /** Issue 15's cost targets, from the pipeline rounds: every process together, and the gateway's part. */
    private static List<Result> cpuLines(Side pipeline, String context) {
        double total = pipeline.cpu.totalMillisPer(pipeline.posts);
        double gateway = pipeline.cpu.millisPer("gateway", pipeline.posts);
        return List.of(
                new Result(
                        "2 write path",
                        "write_cpu_per_post",
                        total,
                        "ms",
                        "target",
                        5,
                        total / 5,
                        "CPU ms per post / 5 ms",
                        "<= 5 ms (all processes, pipeline)",
                        total <= 5,
                        context),
                new Result(
                        "2 write path",
                        "write_gateway_cpu_per_request",
                        gateway,
                        "ms",
                        "target",
                        1,
                        gateway,
                        "gateway CPU ms per proxied post / 1 ms",
                        "<= 1 ms",
                        gateway <= 1,
                        context));
    }

    private static String failures(Side... sides) {
        long failed = 0;
        StringBuilder each = new StringBuilder();
        for (Side side : sides) {
            failed += side.outcome.failed();
            each.append(" %d %s".formatted(side.outcome.failed(), side.name));
        }
        return failed == 0 ? "" : "; FAILED:" + each;
    }

    private ClosedLoop.Outcome load(GatewayClient gateway, List<Member> writers, Duration warm, Duration measured)
            throws InterruptedException {
        return ClosedLoop.run(CONCURRENCY, warm, measured, worker -> {
            Member author = writers.get(worker % writers.size());
            return gateway.exchange(gateway.createPostRequest(author, "bench", "bench post by worker " + worker))
                            .statusCode()
                    == 201;
        });
    }

    /**
     * The baseline did what it says: it recorded no event, the product one per post. An outbox row is deleted once
     * Kafka has it, so the product's events are counted where they arrive (the consumer has caught up after the last
     * round) plus what its outbox still holds; the baseline's posts would add to the same count had it published.
     */
    private String publicationProof() throws Exception {
        long offPosts = count(OFF_DB, "SELECT count(*) FROM posts");
        long offOutbox = count(OFF_DB, "SELECT count(*) FROM event_outbox");
        long onPosts = count("content", "SELECT count(*) FROM posts");
        long onOutbox = count("content", "SELECT count(*) FROM event_outbox");
        long onEvents =
                onOutbox + count("activity", "SELECT count(*) FROM member_activities WHERE type = 'POST_CREATED'");
        if (offOutbox != 0 || offPosts == 0 || onEvents != onPosts) {
            throw new IllegalStateException(
                    "publication baseline not as expected: off %d posts/%d in its outbox, on %d posts/%d events"
                            .formatted(offPosts, offOutbox, onPosts, onEvents));
        }
        return "events recorded: %,d for %,d posts with publication, 0 for %,d posts off"
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
