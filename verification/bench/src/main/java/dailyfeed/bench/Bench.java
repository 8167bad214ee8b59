package dailyfeed.bench;

import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the benchmarks (the four of issue 6, the open streams and the sign-up burst of issue 13) on one embedded stack,
 * each beside its baseline in the same run, and writes
 * the report ({@link Report}). Sizes can be lowered for a quick try: {@code -Dbench.events=100000}; extra JVM options
 * for the ingesting activity-service (a profiler) go in {@code -Dbench.activity-ingest-java-opts}.
 */
public final class Bench {

    static final String PASSWORD = "bench-password";

    private static final String ALL = "ingest,reads,write,freshness,streams,signups,scaleout";

    private Bench() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("dailyfeed.home", "."))
                .toAbsolutePath()
                .normalize();
        int events = Integer.getInteger("bench.events", 1_000_000);
        int members = Integer.getInteger("bench.members", 10_000);
        Duration window = Duration.ofSeconds(Long.getLong("bench.window-seconds", 10));
        Duration naiveWindow = Duration.ofSeconds(Long.getLong("bench.naive-seconds", 20));
        int rate = Integer.getInteger("bench.freshness-rate", FreshnessBenchmark.TARGET_RATE);
        Duration freshnessWindow = Duration.ofSeconds(Long.getLong("bench.freshness-seconds", 30));
        // unmeasured time at the rate first, so that the stream's path is compiled before it is measured
        Duration freshnessWarmup = Duration.ofSeconds(Long.getLong("bench.freshness-warmup-seconds", 60));
        List<Integer> streamSizes = Arrays.stream(
                        System.getProperty("bench.streams", "1000,8000").split(","))
                .map(String::strip)
                .map(Integer::valueOf)
                .toList();
        int streamMembers = Integer.getInteger("bench.stream-members", 1_000);
        // raising activity-service's limit of streams per member lets fewer members (fewer Argon2 sign-ups) hold them
        int streamsPerMember = Integer.getInteger("bench.streams-per-member", 8);
        int streamPosts = Integer.getInteger("bench.stream-posts", 15);
        Duration streamsWindow = Duration.ofSeconds(Long.getLong("bench.streams-window-seconds", 15));
        // -Dbench.only=ingest (comma list of ingest, reads, write, freshness, streams, signups, scaleout) runs part of
        // it: its
        // lines replace those of the same figures in the published results, the others stay as the last run left them
        String only = System.getProperty("bench.only", ALL);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("events", events);
        settings.put("members", members);
        settings.put("window_seconds", window.toSeconds());
        settings.put("naive_window_seconds", naiveWindow.toSeconds());
        settings.put("write_concurrency", WritePathBenchmark.CONCURRENCY);
        settings.put("freshness_rate_per_s", rate);
        settings.put("freshness_seconds", freshnessWindow.toSeconds());
        settings.put("freshness_warmup_seconds", freshnessWarmup.toSeconds());
        settings.put("feed_page_size", FeedReadBenchmark.PAGE_SIZE);
        settings.put("feed_deep_page", FeedReadBenchmark.DEEP_PAGE);
        settings.put("only", only);
        settings.put("streams", streamSizes);
        settings.put("stream_members", streamMembers);
        settings.put("streams_per_member_limit", streamsPerMember);
        settings.put("stream_posts", streamPosts);
        settings.put("streams_api_concurrency", StreamsBenchmark.API_CONCURRENCY);
        settings.put("streams_api_seconds", streamsWindow.toSeconds());
        int signUpRounds = Integer.getInteger("bench.signup-rounds", 5);
        Duration signUpIdle = Duration.ofSeconds(Long.getLong("bench.signup-idle-seconds", 3));
        settings.put("signup_burst_size", SignUpBurstBenchmark.SIGN_UPS);
        settings.put("signup_burst_rounds", signUpRounds);
        settings.put("signup_idle_seconds", signUpIdle.toSeconds());
        settings.put("signup_readers", SignUpBurstBenchmark.READERS);
        // the launcher's own default when empty; anything else replaces it for every service, as DAILYFEED_JAVA_OPTS
        // does
        String serviceJavaOpts = System.getProperty("bench.java-opts", "").trim();
        settings.put("service_java_opts", serviceJavaOpts.isEmpty() ? "launcher default" : serviceJavaOpts);

        settings.put("load_average_start", Machine.loadAverage());
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        List<Result> results = new ArrayList<>();
        // Stack.start turns the gateway's rate limits off: every request here comes from one address
        try (Stack stack = Stack.start(home, stackEnvironment(streamsPerMember, serviceJavaOpts))) {
            settings.put("stack_java", stack.java);
            GatewayClient gateway = GatewayClient.to(stack.gatewayUrl());
            Member reader1k = signUp(gateway, "reader_1k");
            Member reader5k = signUp(gateway, "reader_5k");
            Member follower = signUp(gateway, "follower");
            List<Member> writers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                writers.add(signUp(gateway, "writer_" + i));
            }

            if (only.contains("ingest") || only.contains("reads")) {
                System.out.println("== 1 ingest: " + events + " events of " + members + " members");
                IngestBenchmark ingest = new IngestBenchmark(
                        stack, Dataset.generate(events, members, reader1k.id(), reader5k.id()), naiveWindow);
                results.addAll(ingest.run());
                if (only.contains("reads")) {
                    System.out.println("== 4 feed reads");
                    results.addAll(new FeedReadBenchmark(stack, ingest.activityService(), Duration.ofSeconds(2), window)
                            .run(reader1k, reader5k));
                }
                ingest.activityService().close(); // its work is done; the next figures get the CPU it would take
            }
            if (only.contains("write")) {
                System.out.println("== 2 write path");
                results.addAll(new WritePathBenchmark(stack, Duration.ofSeconds(5), window).run(writers));
            }
            if (only.contains("freshness")) {
                System.out.println("== 3 freshness");
                results.addAll(
                        new FreshnessBenchmark(stack, rate, freshnessWarmup, freshnessWindow).run(follower, writers));
                // the same at a quarter of the rate: what freshness is when the stack is not saturated
                System.out.println("== 3 freshness at " + rate / 4 + "/s");
                results.addAll(new FreshnessBenchmark(stack, rate / 4, Duration.ofSeconds(10), Duration.ofSeconds(20))
                        .run(follower, writers));
            }
            if (only.contains("streams")) {
                System.out.println("== 5 streams: " + streamMembers + " members hold them");
                List<Member> holders = StreamsBenchmark.signUp(gateway, "streamer", streamMembers);
                Member author = signUp(gateway, "stream_writer");
                results.addAll(
                        new StreamsBenchmark(stack, streamSizes, streamPosts, Duration.ofSeconds(3), streamsWindow)
                                .run(holders, author));
            }
            if (only.contains("signups")) {
                System.out.println("== 6 sign-up burst: GET /api/members/me while " + SignUpBurstBenchmark.SIGN_UPS
                        + " sign-ups arrive at once");
                results.addAll(new SignUpBurstBenchmark(stack, signUpRounds, signUpIdle).run(writers));
            }
        }
        if (only.contains("scaleout")) {
            // two stacks of their own, one after the other, once the main one has stopped and freed the cores
            results.addAll(new ScaleOutBenchmark(
                            home, stackEnvironment(streamsPerMember, serviceJavaOpts), Duration.ofSeconds(5), window)
                    .run());
        }
        settings.put("scaleout_write_concurrency", ScaleOutBenchmark.WRITE_CONCURRENCY);
        settings.put("scaleout_read_concurrency", ScaleOutBenchmark.READ_CONCURRENCY);
        settings.put("load_average_end", Machine.loadAverage());
        Report report = new Report(
                results, Machine.describe(), startedAt, Duration.ofNanos(System.nanoTime() - started), settings);
        if (Boolean.parseBoolean(System.getProperty("bench.publish", "true"))) {
            report.write(home, !only.equals(ALL));
        } else {
            System.out.println(
                    report.table()); // -Dbench.publish=false: a trial (for profiling) leaves the published results
        }
    }

    /** A member named and shown as {@code handle}, signed up and logged in through the gateway. */
    /** The launched stack's variables: the stream limit the streams figure needs, and the services' JVM options if given. */
    private static Map<String, String> stackEnvironment(int streamsPerMember, String serviceJavaOpts) {
        Map<String, String> env = new HashMap<>();
        env.put("DAILYFEED_STREAMS_PER_MEMBER", Integer.toString(streamsPerMember));
        if (!serviceJavaOpts.isEmpty()) {
            env.put("DAILYFEED_JAVA_OPTS", serviceJavaOpts);
        }
        return env;
    }

    static Member signUp(GatewayClient gateway, String handle) {
        return gateway.signUp(handle, handle, PASSWORD);
    }
}
