package dailyfeed.bench;

import dailyfeed.harness.Answer;
import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * Figure 5: many open live streams through the stack's one gateway and one activity-service. At each number of open
 * streams: the ordinary API's p99 with them open against the same load with none open just before (same warm stack);
 * how long one post takes to reach every stream (from the write's 2xx to each stream's receipt of its activity); and
 * the resident memory of the gateway and activity-service with the streams open against none.
 */
final class StreamsBenchmark {

    static final int API_CONCURRENCY = 8;
    static final int OPEN_BATCH = 200;
    private static final Duration NOTHING_MISSED_WITHIN = Duration.ofSeconds(10);
    private static final Duration POST_GAP = Duration.ofSeconds(1);

    private final Stack stack;
    private final List<Integer> sizes;
    private final int posts;
    private final Duration warmup;
    private final Duration window;

    StreamsBenchmark(Stack stack, List<Integer> sizes, int posts, Duration warmup, Duration window) {
        this.stack = stack;
        this.sizes = sizes;
        this.posts = posts;
        this.warmup = warmup;
        this.window = window;
    }

    /** {@code members} hold the streams (each at most 8, activity-service's limit per member) and follow {@code writer}. */
    List<Result> run(List<Member> members, Member writer) throws Exception {
        GatewayClient gateway = GatewayClient.to(stack.gatewayUrl());
        StreamReaders.checkOpenFileLimit(
                sizes.stream().mapToInt(Integer::intValue).max().orElse(0));
        long started = System.nanoTime();
        inParallel(members.stream()
                .<Callable<Void>>map(member -> () -> {
                    gateway.follow(member, writer.id()).expect(204);
                    return null;
                })
                .toList());
        inParallel(members.stream()
                .<Callable<Void>>map(member -> () -> {
                    FreshnessBenchmark.awaitFollowsKnown(gateway, member, List.of(writer));
                    return null;
                })
                .toList());
        System.out.printf(
                "  %,d follows of %s known to activity-service in %.1f s%n",
                members.size(), writer.handle(), (System.nanoTime() - started) / 1e9);

        List<Result> results = new ArrayList<>();
        for (int size : sizes) {
            results.addAll(measure(size, members, writer, size == sizes.get(sizes.size() - 1)));
        }
        return results;
    }

    private List<Result> measure(int size, List<Member> members, Member writer, boolean memory) throws Exception {
        GatewayClient gateway = GatewayClient.to(stack.gatewayUrl());
        double streamsBefore = openOnActivityService().orElse(0.0);
        System.out.printf("== 5 streams: %,d streams (%,d members)%n", size, Math.min(size, members.size()));
        ClosedLoop.Outcome without = apiLoad(members);
        double gatewayRssWithout = rssMib("gateway");
        double activityRssWithout = rssMib("activity-service");
        System.out.printf(
                "  no stream open: API p50 %.1f ms p99 %.1f ms, %,.0f requests/s%n",
                without.p50Millis(), without.p99Millis(), without.perSecond());

        List<Member> holders = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            holders.add(members.get(i % members.size()));
        }
        try (StreamReaders streams = new StreamReaders()) {
            long opening = System.nanoTime();
            try {
                streams.open(stack.gatewayUrl(), holders, OPEN_BATCH, Duration.ofSeconds(20));
            } catch (IllegalStateException notOpen) {
                // the stack could not hold them: that is the result at this number (the logs say why)
                System.out.println("  could not open " + size + " streams: " + notOpen.getMessage());
                return notOpened(size, notOpen.getMessage() + "; see the gateway's and activity-service's logs");
            }
            double openSeconds = (System.nanoTime() - opening) / 1e9;
            String onService = openOnActivityService()
                    .map(open -> "%,.0f".formatted(open - streamsBefore))
                    .orElse("unknown");
            String onGateway =
                    openOnGateway().map(open -> "%,.0f".formatted(open)).orElse("unknown");
            System.out.printf(
                    "  %,d streams open in %.1f s (activity-service counts %s new, the gateway %s); refused while opening"
                            + " and opened again: %s%n",
                    streams.connected(), openSeconds, onService, onGateway, streams.refusals());
            double gatewayRss = rssMib("gateway");
            double activityRss = rssMib("activity-service");

            StackCpu cpuBefore = StackCpu.of(stack);
            ClosedLoop.Outcome with = apiLoad(members);
            String apiCpu = StackCpu.of(stack).minus(cpuBefore).perUnit(with.succeeded(), "request");
            System.out.printf(
                    "  %,d streams open: API p50 %.1f ms p99 %.1f ms, %,.0f requests/s%n",
                    size, with.p50Millis(), with.p99Millis(), with.perSecond());

            Histogram fanout = ClosedLoop.newHistogram();
            Histogram lastStream = ClosedLoop.newHistogram();
            long missed = 0;
            long early = 0;
            StackCpu fanoutBefore = StackCpu.of(stack);
            if (Boolean.getBoolean("bench.streams-jfr")) {
                recordFlight("gateway", size);
                recordFlight("activity-service", size);
            }
            for (int p = 0; p < posts; p++) {
                Answer created = gateway.createPost(writer, "bench", "fan-out " + p);
                long answered = System.nanoTime();
                long postId = created.expect(201).id();
                long deadline = answered + NOTHING_MISSED_WITHIN.toNanos();
                while (streams.received(postId) < size && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(2); // the readers count arrivals; we only look
                }
                long latest = 0;
                for (Long at : streams.arrivals(postId)) {
                    if (at == null) {
                        missed++;
                        continue;
                    }
                    long micros = (at - answered) / 1000;
                    if (micros < 0) {
                        early++; // the stream was faster than the HTTP answer
                    }
                    fanout.recordValue(Math.max(0, micros));
                    latest = Math.max(latest, micros);
                }
                lastStream.recordValue(Math.max(0, latest));
                TimeUnit.NANOSECONDS.sleep(POST_GAP.toNanos()); // posts do not overlap: each fan-out is measured alone
            }
            String fanoutCpu = StackCpu.of(stack).minus(fanoutBefore).perUnit(posts, "post");
            int ended = streams.ended();
            double p50 = fanout.getValueAtPercentile(50) / 1000.0;
            double p99 = fanout.getValueAtPercentile(99) / 1000.0;
            System.out.printf(
                    "  fan-out of %d posts to %,d streams: p50 %.1f ms p99 %.1f ms, last stream p50 %.1f ms max %.1f ms;"
                            + " %d missed, %d streams ended%n",
                    posts,
                    size,
                    p50,
                    p99,
                    lastStream.getValueAtPercentile(50) / 1000.0,
                    lastStream.getMaxValue() / 1000.0,
                    missed,
                    ended);
            System.out.println("  with streams: API " + apiCpu);
            System.out.println("  fan-out " + fanoutCpu);

            String setting =
                    ("%,d streams of %,d members through one gateway and one activity-service, opened %d at a time in %.1f s (refused and"
                                    + " opened again: %s)")
                            .formatted(
                                    size, Math.min(size, members.size()), OPEN_BATCH, openSeconds, streams.refusals());
            double apiRatio = with.p99Millis() / without.p99Millis();
            String apiDetail =
                    ("%s; concurrency %d over GET /api/members/me and the followings feed's first page (size 20); with: %,d"
                                    + " requests, p50 %.1f ms, %,.0f/s; without: %,d requests, p50 %.1f ms, %,.0f/s; with streams: %s%s")
                            .formatted(
                                    setting,
                                    API_CONCURRENCY,
                                    with.succeeded(),
                                    with.p50Millis(),
                                    with.perSecond(),
                                    without.succeeded(),
                                    without.p50Millis(),
                                    without.perSecond(),
                                    apiCpu,
                                    failures(with, without));
            String fanoutDetail =
                    ("%s; %d posts %s apart by a member all follow, %,d receipts; p50 %.1f ms; the last stream of"
                                    + " each post p50 %.1f ms, max %.1f ms; %d arrived before the 2xx (counted as 0); %d missed; %d streams ended; %s")
                            .formatted(
                                    setting,
                                    posts,
                                    POST_GAP.toSeconds() + " s",
                                    fanout.getTotalCount(),
                                    p50,
                                    lastStream.getValueAtPercentile(50) / 1000.0,
                                    lastStream.getMaxValue() / 1000.0,
                                    early,
                                    missed,
                                    ended,
                                    fanoutCpu);
            boolean complete = missed == 0 && ended == 0;
            String prefix = "streams_" + size + "_";
            List<Result> results = new ArrayList<>(List.of(
                    new Result(
                            "5 streams",
                            prefix + "api_p99",
                            with.p99Millis(),
                            "ms",
                            "api_p99_no_stream_open",
                            without.p99Millis(),
                            apiRatio,
                            "with / without streams",
                            "<= 1.5x",
                            apiRatio <= 1.5 && with.failed() == 0,
                            apiDetail),
                    new Result(
                            "5 streams",
                            prefix + "fanout_p50",
                            p50,
                            "ms",
                            "target",
                            250,
                            p50 / 250,
                            "p50 / 250 ms",
                            "p50 <= 250 ms",
                            complete && p50 <= 250,
                            fanoutDetail),
                    new Result(
                            "5 streams",
                            prefix + "fanout_p99",
                            p99,
                            "ms",
                            "target",
                            1000,
                            p99 / 1000,
                            "p99 / 1 s",
                            "p99 <= 1 s",
                            complete && p99 <= 1000,
                            fanoutDetail)));
            if (memory) {
                String rssDetail = setting + "; VmRSS of the process (the launcher's JVM options and heap for it"
                        + "), no stream open measured just before opening them";
                results.add(new Result(
                        "5 streams",
                        prefix + "rss_gateway_mib",
                        gatewayRss,
                        "MiB",
                        "rss_no_stream_open",
                        gatewayRssWithout,
                        gatewayRss / gatewayRssWithout,
                        "with / without streams",
                        "context",
                        null,
                        rssDetail));
                results.add(new Result(
                        "5 streams",
                        prefix + "rss_activity_service_mib",
                        activityRss,
                        "MiB",
                        "rss_no_stream_open",
                        activityRssWithout,
                        activityRss / activityRssWithout,
                        "with / without streams",
                        "context",
                        null,
                        rssDetail));
            }
            System.out.printf(
                    "  RSS gateway %.0f MiB (%.0f without streams), activity-service %.0f MiB (%.0f without)%n",
                    gatewayRss, gatewayRssWithout, activityRss, activityRssWithout);
            streams.close(); // before waiting for the service to see it (closing again at the end of the block does
            // nothing)
            awaitClosed(streamsBefore);
            return results;
        }
    }

    private static List<Result> notOpened(int size, String why) {
        String prefix = "streams_" + size + "_";
        String detail = "NOT MEASURED: " + size + " streams could not be opened: " + why;
        return List.of(
                new Result(
                        "5 streams",
                        prefix + "api_p99",
                        0,
                        "ms",
                        "api_p99_no_stream_open",
                        0,
                        0,
                        "with / without streams",
                        "<= 1.5x",
                        false,
                        detail),
                new Result(
                        "5 streams",
                        prefix + "fanout_p50",
                        0,
                        "ms",
                        "target",
                        250,
                        0,
                        "p50 / 250 ms",
                        "p50 <= 250 ms",
                        false,
                        detail),
                new Result(
                        "5 streams",
                        prefix + "fanout_p99",
                        0,
                        "ms",
                        "target",
                        1000,
                        0,
                        "p99 / 1 s",
                        "p99 <= 1 s",
                        false,
                        detail));
    }

    /** Closed loop at concurrency 8: each worker alternates between its member page and its followings feed's first page. */
    private ClosedLoop.Outcome apiLoad(List<Member> members) throws InterruptedException {
        GatewayClient gateway = GatewayClient.to(stack.gatewayUrl());
        long[] calls = new long[API_CONCURRENCY]; // each worker touches its own slot only
        return ClosedLoop.run(API_CONCURRENCY, warmup, window, worker -> {
            Member member = members.get(worker % members.size());
            String path = calls[worker]++ % 2 == 0 ? "/api/members/me" : "/api/activities/followings?size=20";
            return gateway.exchange(gateway.request(path, member.token()).GET().build())
                            .statusCode()
                    == 200;
        });
    }

    /**
     * activity-service notices a closed stream at its next write (the keep-alive, every 15 s), after the gateway did at
     * its own: a member's streams count against its limit of 8 until then.
     */
    private void awaitClosed(double openBefore) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Double> open = openOnActivityService();
            if (open.isEmpty() || open.get() <= openBefore) {
                return;
            }
            TimeUnit.SECONDS.sleep(1);
        }
        System.out.println("  activity-service still counts streams open 90 s after they were closed");
    }

    private Optional<Double> openOnActivityService() {
        return gauge("http://localhost:" + stack.activityPort, "dailyfeed.activity.stream.connections");
    }

    private Optional<Double> openOnGateway() {
        return gauge(stack.gatewayUrl(), "dailyfeed.gateway.stream.connections");
    }

    private Optional<Double> gauge(String baseUrl, String name) {
        try {
            Answer answer = GatewayClient.builder(baseUrl)
                    .timeout(Duration.ofSeconds(10))
                    .build()
                    .get("/actuator/metrics/" + name, stack.operationsToken());
            if (answer.status() != 200) {
                return Optional.empty();
            }
            return Optional.of(
                    answer.json().get("measurements").get(0).get("value").asDouble());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code -Dbench.streams-jfr=true}: a Java Flight Recording of the component over the fan-outs, in
     * verification/bench/target/jfr/ (read it with {@code jfr print --events jdk.ExecutionSample} or {@code jfr summary}).
     */
    private void recordFlight(String component, int size) throws IOException, InterruptedException {
        Path dir = stack.home.resolve("verification/bench/target/jfr");
        Files.createDirectories(dir);
        long seconds = posts * (POST_GAP.toSeconds() + 1) + 5;
        Path file = dir.resolve(component + "-" + size + "-streams.jfr");
        Process jcmd = new ProcessBuilder(
                        Path.of(stack.java).resolveSibling("jcmd").toString(), // the stack's JDK, which can attach
                        pid(component),
                        "JFR.start",
                        "name=bench-streams",
                        "settings=profile",
                        "duration=" + seconds + "s",
                        "filename=" + file)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        jcmd.waitFor(30, TimeUnit.SECONDS);
        System.out.println("  recording " + component + " for " + seconds + " s into " + file);
    }

    private String pid(String component) throws IOException {
        return Files.readAllLines(stack.dataDir.resolve("pids").resolve(component + ".pid"))
                .get(0)
                .trim();
    }

    /** Resident memory of one of the launcher's children, from its pid file and /proc/<pid>/status. */
    private double rssMib(String component) throws IOException {
        String kib = Files.readAllLines(Path.of("/proc", pid(component), "status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .findFirst()
                .orElseThrow()
                .replaceAll("[^0-9]", "");
        return Long.parseLong(kib) / 1024.0;
    }

    private static String failures(ClosedLoop.Outcome with, ClosedLoop.Outcome without) {
        return with.failed() + without.failed() == 0
                ? ""
                : "; FAILED: %d with, %d without".formatted(with.failed(), without.failed());
    }

    /** Signs up {@code count} members named {@code prefix_i} (sign-up and login each hash a password: Argon2). */
    static List<Member> signUp(GatewayClient gateway, String prefix, int count) {
        long started = System.nanoTime();
        List<String> handles =
                IntStream.range(0, count).mapToObj(i -> prefix + "_" + i).toList();
        List<Member> members = gateway.signUpAll(handles, handle -> handle, Bench.PASSWORD);
        System.out.printf(
                "  %,d members signed up and logged in in %.1f s%n", count, (System.nanoTime() - started) / 1e9);
        return members;
    }

    /** Runs the tasks on a few threads (the stack has 2 cores; more would only queue in member-service), in order. */
    private static <T> List<T> inParallel(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<T> done = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(tasks)) {
                done.add(future.get());
            }
            return done;
        } finally {
            pool.shutdown();
        }
    }
}
