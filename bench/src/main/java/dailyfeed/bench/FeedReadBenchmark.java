package dailyfeed.bench;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Figure 4: the followings feed over the ingested activity (1,000,000 rows of 10,000 members), for a reader following
 * 1,000 members and one following 5,000: the first page and page {@link #DEEP_PAGE}, p50/p99 at concurrency 8.
 * The product is asked over HTTP (activity-service's own endpoint, with the reader's token); the naive query
 * ({@code actor_id IN (followees) ORDER BY occurred_at DESC, id DESC OFFSET n LIMIT 20}) runs over plain JDBC on the
 * same database with the followee ids fetched once — so the baseline pays no HTTP, JSON or security cost, which
 * makes every ratio conservative.
 */
final class FeedReadBenchmark {

    static final int PAGE_SIZE = 20;
    static final int DEEP_PAGE = 50;
    private static final int CONCURRENCY = 8;

    private final Stack stack;
    private final Stack.Service activity;
    private final Duration warmup;
    private final Duration window;

    FeedReadBenchmark(Stack stack, Stack.Service activity, Duration warmup, Duration window) {
        this.stack = stack;
        this.activity = activity;
        this.warmup = warmup;
        this.window = window;
    }

    List<Result> run(Api.Member reader1k, Api.Member reader5k) throws Exception {
        List<Result> results = new ArrayList<>();
        try (Connection db = stack.connect(IngestBenchmark.PRODUCT_DB)) {
            // what autovacuum does to a table some time after a bulk load; both sides profit from it alike
            db.createStatement().execute("VACUUM ANALYZE");
        }
        for (Api.Member reader : List.of(reader1k, reader5k)) {
            long[] followees = followeesOf(reader);
            String label = followees.length == 1_000 ? "1k" : followees.length == 5_000 ? "5k" : Integer.toString(followees.length);
            String deepCursor = cursorBefore(reader, DEEP_PAGE);
            for (boolean deep : List.of(false, true)) {
                String url = activity.url() + "/api/activities/followings?size=" + PAGE_SIZE
                        + (deep ? "&cursor=" + URLEncoder.encode(deepCursor, StandardCharsets.UTF_8) : "");
                int offset = deep ? (DEEP_PAGE - 1) * PAGE_SIZE : 0;
                checkSamePage(reader, url, followees, offset);
                HttpRequest request = Api.jsonRequest(url, reader).GET().build();
                ClosedLoop.Outcome product = ClosedLoop.run(CONCURRENCY, warmup, window, worker -> {
                    HttpResponse<String> response = Api.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                    return response.statusCode() == 200;
                });
                ClosedLoop.Outcome naive = naive(followees, offset);
                String page = deep ? "page " + DEEP_PAGE : "first page";
                System.out.printf("  %s followings, %s: product p50 %.1f ms p99 %.1f ms (%,d); naive p50 %.1f ms p99 %.1f ms (%,d)%n",
                        label, page, product.p50Millis(), product.p99Millis(), product.succeeded(), naive.p50Millis(),
                        naive.p99Millis(), naive.succeeded());
                double speedup = naive.p99Millis() / product.p99Millis();
                String target;
                Boolean met;
                if (label.equals("1k") && deep) {
                    target = "p99 <= 20 ms and >= 5x naive";
                    met = product.p99Millis() <= 20 && speedup >= 5;
                } else if (label.equals("1k")) {
                    target = "p99 <= 20 ms";
                    met = product.p99Millis() <= 20;
                } else if (deep) {
                    target = ">= 5x naive";
                    met = speedup >= 5;
                } else {
                    target = "context (no target)";
                    met = null;
                }
                String name = "feed_%s_followings_%s_p99".formatted(label, deep ? "deep_page" : "first_page");
                results.add(new Result("4 feed reads", name, product.p99Millis(), "ms", "naive_in_order_by_offset_p99",
                        naive.p99Millis(), speedup, "naive p99 / product p99", target, met,
                        "p50 %.1f vs %.1f ms; %,.0f vs %,.0f reads/s; %s%s".formatted(product.p50Millis(), naive.p50Millis(),
                                product.perSecond(), naive.perSecond(), page, failures(product, naive))));
            }
        }
        return results;
    }

    private static String failures(ClosedLoop.Outcome product, ClosedLoop.Outcome naive) {
        return product.failed() + naive.failed() == 0 ? "" : "; FAILED: %d product, %d naive".formatted(product.failed(), naive.failed());
    }

    /** The naive query at the same concurrency, one connection per worker. */
    private ClosedLoop.Outcome naive(long[] followees, int offset) throws Exception {
        Connection[] connections = new Connection[CONCURRENCY];
        PreparedStatement[] statements = new PreparedStatement[CONCURRENCY];
        for (int i = 0; i < CONCURRENCY; i++) {
            connections[i] = stack.connect(IngestBenchmark.PRODUCT_DB);
            statements[i] = naiveQuery(connections[i], followees, offset);
        }
        try {
            return ClosedLoop.run(CONCURRENCY, warmup, window, worker -> {
                int rows = 0;
                try (ResultSet rs = statements[worker].executeQuery()) {
                    while (rs.next()) {
                        rs.getLong(1);
                        rs.getString(12);
                        rows++;
                    }
                }
                return rows == PAGE_SIZE;
            });
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    private static PreparedStatement naiveQuery(Connection db, long[] followees, int offset) throws Exception {
        // = ANY(array) is how PostgreSQL plans an IN list; one parameter instead of thousands
        PreparedStatement statement = db.prepareStatement("""
                SELECT a.id, a.event_id, a.type, a.occurred_at, a.actor_id, a.actor_handle, a.actor_display_name,
                       a.post_id, a.comment_id, a.parent_comment_id, a.target_member_id, a.summary
                  FROM member_activities a
                 WHERE a.actor_id = ANY(?)
                 ORDER BY a.occurred_at DESC, a.id DESC
                OFFSET ? LIMIT ?""");
        Long[] ids = new Long[followees.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = followees[i];
        }
        Array array = db.createArrayOf("bigint", ids);
        statement.setArray(1, array);
        statement.setInt(2, offset);
        statement.setInt(3, PAGE_SIZE);
        return statement;
    }

    /** Whom the reader follows, as the seed fetched it once before querying. */
    private long[] followeesOf(Api.Member reader) throws Exception {
        try (Connection db = stack.connect(IngestBenchmark.PRODUCT_DB);
                PreparedStatement s = db.prepareStatement("SELECT followee_id FROM follows WHERE follower_id = ? AND following")) {
            s.setLong(1, reader.id());
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids.stream().mapToLong(Long::longValue).toArray();
        }
    }

    /** Walks the feed page by page; the cursor that asks for page {@code page}. */
    private String cursorBefore(Api.Member reader, int page) throws Exception {
        String cursor = null;
        for (int p = 1; p < page; p++) {
            String url = activity.url() + "/api/activities/followings?size=" + PAGE_SIZE
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode body = Api.expect(200, Api.HTTP.send(Api.jsonRequest(url, reader).GET().build(), HttpResponse.BodyHandlers.ofString()));
            cursor = body.get("nextCursor").asString();
        }
        return cursor;
    }

    /** Both sides must answer the same rows, or the comparison is meaningless. */
    private void checkSamePage(Api.Member reader, String url, long[] followees, int offset) throws Exception {
        JsonNode body = Api.expect(200, Api.HTTP.send(Api.jsonRequest(url, reader).GET().build(), HttpResponse.BodyHandlers.ofString()));
        List<Long> product = new ArrayList<>();
        body.get("items").forEach(item -> product.add(item.get("id").asLong()));
        List<Long> naive = new ArrayList<>();
        try (Connection db = stack.connect(IngestBenchmark.PRODUCT_DB); PreparedStatement s = naiveQuery(db, followees, offset);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                naive.add(rs.getLong(1));
            }
        }
        if (!product.equals(naive) || product.size() != PAGE_SIZE) {
            throw new IllegalStateException("product and naive query disagree at offset " + offset + ": " + product + " vs " + naive);
        }
    }
}
