package dailyfeed.bench;

import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figure 7: the same closed-loop load on the system as {@code ./dailyfeed up} starts it (one instance of everything)
 * and as {@code --instances 2} does (two of every service and gateway), each a stack of its own started one after the
 * other in the same run, on the same machine. The load is spread over the gateways: writes (posts) by eight members,
 * then reads of the followings feed by a member who follows them. On one machine two instances share the same cores,
 * so this measures what the second instance costs or gains there, not what a second machine would add.
 */
final class ScaleOutBenchmark {

    static final int WRITE_CONCURRENCY = 16;
    static final int READ_CONCURRENCY = 8;
    private static final int WRITERS = 8;

    private final Path home;
    private final Map<String, String> environment;
    private final Duration warmup;
    private final Duration window;

    ScaleOutBenchmark(Path home, Map<String, String> environment, Duration warmup, Duration window) {
        this.home = home;
        this.environment = Map.copyOf(environment);
        this.warmup = warmup;
        this.window = window;
    }

    /** What one shape of the system did under the two loads. */
    private record Shape(int instances, ClosedLoop.Outcome writes, ClosedLoop.Outcome reads, String cpu) {}

    List<Result> run() throws Exception {
        Map<Integer, Shape> shapes = new LinkedHashMap<>();
        for (int instances : List.of(1, 2)) {
            shapes.put(instances, measure(instances));
        }
        Shape one = shapes.get(1);
        Shape two = shapes.get(2);
        return List.of(
                line(
                        "scaleout_write_throughput",
                        "posts/s",
                        two.writes().perSecond(),
                        one.writes().perSecond(),
                        two),
                line(
                        "scaleout_write_p99",
                        "ms",
                        two.writes().p99Millis(),
                        one.writes().p99Millis(),
                        two),
                line(
                        "scaleout_feed_read_throughput",
                        "pages/s",
                        two.reads().perSecond(),
                        one.reads().perSecond(),
                        two),
                line(
                        "scaleout_feed_read_p99",
                        "ms",
                        two.reads().p99Millis(),
                        one.reads().p99Millis(),
                        two));
    }

    private Shape measure(int instances) throws Exception {
        System.out.println("== 7 scale-out: --instances " + instances);
        try (Stack stack = Stack.start(home, environment, List.of("--instances", Integer.toString(instances)))) {
            List<GatewayClient> gateways =
                    stack.gatewayUrls().stream().map(GatewayClient::to).toList();
            GatewayClient first = gateways.get(0);
            List<Member> writers = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                writers.add(Bench.signUp(first, "scale_writer_" + i));
            }
            Member reader = Bench.signUp(first, "scale_reader");
            for (Member writer : writers) {
                first.follow(reader, writer.id()).expect(204);
            }
            StackCpu before = StackCpu.of(stack);
            ClosedLoop.Outcome writes = ClosedLoop.run(WRITE_CONCURRENCY, warmup, window, worker -> {
                GatewayClient gateway = gateways.get(worker % gateways.size());
                Member author = writers.get(worker % writers.size());
                return gateway.exchange(gateway.createPostRequest(author, "scale", "scale-out post " + worker))
                                .statusCode()
                        == 201;
            });
            ClosedLoop.Outcome reads = ClosedLoop.run(READ_CONCURRENCY, warmup, window, worker -> {
                GatewayClient gateway = gateways.get(worker % gateways.size());
                return gateway.followings(reader, FeedReadBenchmark.PAGE_SIZE, null)
                                .status()
                        == 200;
            });
            String cpu = StackCpu.of(stack).minus(before).describe();
            System.out.printf(
                    "  %d instance(s): writes %,.0f/s p99 %.1f ms (%,d failed); feed reads %,.0f/s p99 %.1f ms (%,d"
                            + " failed)%n  CPU: %s%n",
                    instances,
                    writes.perSecond(),
                    writes.p99Millis(),
                    writes.failed(),
                    reads.perSecond(),
                    reads.p99Millis(),
                    reads.failed(),
                    cpu);
            return new Shape(instances, writes, reads, cpu);
        }
    }

    /** Two instances against one, as context: no target, two cores cannot show what more machines would. */
    private Result line(String name, String unit, double withTwo, double withOne, Shape two) {
        return new Result(
                "7 scale-out",
                name,
                withTwo,
                unit,
                "one_instance_of_each",
                withOne,
                withTwo / withOne,
                "2 instances / 1",
                "context (one machine, two cores)",
                null,
                ("writes: %d closed-loop posts, reads: %d closed-loop first pages of a %d-member followings feed, spread"
                                + " over the gateways; failed with 2: %,d writes, %,d reads; CPU with 2: %s")
                        .formatted(
                                WRITE_CONCURRENCY,
                                READ_CONCURRENCY,
                                WRITERS,
                                two.writes().failed(),
                                two.reads().failed(),
                                two.cpu()));
    }
}
