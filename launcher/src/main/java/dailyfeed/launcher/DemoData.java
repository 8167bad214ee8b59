package dailyfeed.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code up --demo}: a handful of members who follow each other, post, comment, reply and like, so that a newcomer
 * who logs in as alice sees a notification banner with something in it. Everything goes through the gateway's
 * public API, like any client, so the activities flow through Kafka exactly as real ones do.
 *
 * <p>Safe to repeat: members that exist already (409) are logged in, follows are idempotent, and the posts,
 * comments and likes are only written when bob has no posts yet.
 */
final class DemoData {

    static final String PASSWORD = "dailyfeed-demo";
    static final String LOGIN_HANDLE = "alice";

    private record Person(String handle, String displayName) {
    }

    private static final List<Person> PEOPLE = List.of(
            new Person("alice", "Alice Kim"),
            new Person("bob", "Bob Lee"),
            new Person("carol", "Carol Park"),
            new Person("dave", "Dave Choi"),
            new Person("erin", "Erin Jung"));

    /** Who follows whom: alice follows three members, so her banner has something to say. */
    private static final Map<String, List<String>> FOLLOWS = orderedMap(
            "bob", List.of("alice", "carol"),
            "carol", List.of("bob"),
            "erin", List.of("bob", "carol"),
            "alice", List.of("bob", "carol", "dave"),
            "dave", List.of("erin"));

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern EMPTY_ITEMS = Pattern.compile("\"items\"\\s*:\\s*\\[\\s*]");
    private static final Set<Integer> RETRYABLE = Set.of(502, 503, 504);

    private final URI gateway;
    private final PrintStream console;
    private final Duration retryFor;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private record Session(long id, String token) {
    }

    DemoData(URI gateway, PrintStream console) {
        this(gateway, console, Duration.ofSeconds(60));
    }

    /** {@code retryFor}: how long one request may keep failing with 5xx or a refused connection (just after start). */
    DemoData(URI gateway, PrintStream console, Duration retryFor) {
        this.gateway = gateway;
        this.console = console;
        this.retryFor = retryFor;
    }

    /** Loads the demo data; on failure says what is missing and carries on (the stack itself is fine). */
    boolean load() {
        try {
            Map<String, Session> sessions = new LinkedHashMap<>();
            for (Person person : PEOPLE) {
                sessions.put(person.handle(), join(person));
            }
            FOLLOWS.forEach((follower, followees) -> followees.forEach(followee ->
                    call("PUT", "/api/members/" + sessions.get(followee).id() + "/follow", sessions.get(follower), null, 204)));

            Session bob = sessions.get("bob");
            if (EMPTY_ITEMS.matcher(call("GET", "/api/posts?authorId=" + bob.id() + "&size=1", bob, null, 200)).find()) {
                writeContent(sessions);
                console.println("dailyfeed: demo data loaded: " + PEOPLE.size() + " members, their follows, posts, comments and likes");
            } else {
                console.println("dailyfeed: demo data is there already");
            }
            console.println("demo login: " + LOGIN_HANDLE + " / " + PASSWORD + "   (other members: bob, carol, dave, erin, same password)");
            return true;
        } catch (DemoFailed e) {
            console.println("dailyfeed: demo data could not be loaded: " + e.getMessage());
            return false;
        }
    }

    private void writeContent(Map<String, Session> sessions) {
        Session alice = sessions.get("alice");
        Session bob = sessions.get("bob");
        Session carol = sessions.get("carol");
        Session dave = sessions.get("dave");
        Session erin = sessions.get("erin");

        long hello = post(alice, "Hello, dailyfeed", "First post! Follow me and I will tell you about the garden.");
        long hike = post(bob, "Weekend hike", "Up the ridge at dawn, back for lunch. Who is in?");
        long bread = post(carol, "Sourdough, attempt 3", "Finally an open crumb. The trick was a longer, colder proof.");
        long kafka = post(dave, "Kafka in one JVM", "KRaft means no ZooKeeper: one process is a whole broker for a laptop.");

        long carolOnHike = comment(carol, hike, null, "Count me in! I will bring bread.");
        long bobReply = comment(bob, hike, carolOnHike, "Deal. Meet at the trailhead at 6.");
        comment(dave, hike, bobReply, "6?! I will catch the next one.");
        comment(erin, bread, null, "That crumb looks perfect.");
        comment(bob, hello, null, "Welcome!");
        comment(alice, kafka, null, "Does it survive a kill -9?");

        like("/api/posts/" + hike, dave);
        like("/api/posts/" + hike, erin);
        like("/api/posts/" + bread, bob);
        like("/api/posts/" + hello, carol);
        like("/api/comments/" + carolOnHike, dave);
        // the newest lines of alice's banner: carol liked and bob posted again
        like("/api/posts/" + kafka, carol);
        post(bob, "Trail report", "The ridge path is muddy after the rain; boots, not sneakers.");
    }

    private Session join(Person person) {
        String body = json("handle", person.handle(), "displayName", person.displayName(), "password", PASSWORD);
        HttpResponse<String> created = send("POST", "/api/members", null, body);
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw unexpected("POST /api/members (" + person.handle() + ")", created);
        }
        HttpResponse<String> login = send("POST", "/api/auth/login", null, json("handle", person.handle(), "password", PASSWORD));
        Matcher token = ACCESS_TOKEN.matcher(login.body());
        if (login.statusCode() != 200 || !token.find()) {
            // a member of that name made by someone else, with another password: the demo cannot act as them
            throw unexpected("log in as " + person.handle(), login);
        }
        Session session = new Session(0, token.group(1));
        return new Session(idOf(call("GET", "/api/members/me", session, null, 200)), session.token());
    }

    private long post(Session author, String title, String content) {
        return idOf(call("POST", "/api/posts", author, json("title", title, "content", content), 201));
    }

    private long comment(Session author, long postId, Long parentCommentId, String content) {
        String body = parentCommentId == null
                ? json("content", content)
                : "{\"content\":" + quote(content) + ",\"parentCommentId\":" + parentCommentId + "}";
        return idOf(call("POST", "/api/posts/" + postId + "/comments", author, body, 201));
    }

    private void like(String path, Session member) {
        call("PUT", path + "/like", member, null, 204);
    }

    private String call(String method, String path, Session as, String body, int expected) {
        HttpResponse<String> response = send(method, path, as, body);
        if (response.statusCode() != expected) {
            throw unexpected(method + " " + path, response);
        }
        return response.body();
    }

    /** Sends once, or again while the answer says "not yet" (5xx from a service still warming up, connection refused). */
    private HttpResponse<String> send(String method, String path, Session as, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path))
                .timeout(Duration.ofSeconds(15))
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (as != null) {
            request.header("Authorization", "Bearer " + as.token());
        }
        long deadline = System.nanoTime() + retryFor.toNanos();
        long pause = 200;
        while (true) {
            String problem;
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (!RETRYABLE.contains(response.statusCode())) {
                    return response;
                }
                problem = method + " " + path + " answered " + response.statusCode() + " " + response.body();
            } catch (IOException e) {
                problem = method + " " + path + " failed: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoFailed("interrupted");
            }
            if (System.nanoTime() + pause * 1_000_000 > deadline) {
                throw new DemoFailed(problem);
            }
            try {
                Thread.sleep(pause); // a retry pause in a one-off loader, not a test waiting for something
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoFailed("interrupted");
            }
            pause = Math.min(pause * 2, 2000);
        }
    }

    private static long idOf(String json) {
        Matcher id = ID.matcher(json);
        if (!id.find()) {
            throw new DemoFailed("no id in " + json);
        }
        return Long.parseLong(id.group(1));
    }

    private static DemoFailed unexpected(String what, HttpResponse<String> response) {
        return new DemoFailed(what + " answered " + response.statusCode() + " " + response.body());
    }

    /** A JSON object of string fields, given as name, value, name, value ... */
    static String json(String... namesAndValues) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            json.append(i == 0 ? "" : ",").append(quote(namesAndValues[i])).append(':').append(quote(namesAndValues[i + 1]));
        }
        return json.append('}').toString();
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private static Map<String, List<String>> orderedMap(Object... entries) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> value = (List<String>) entries[i + 1];
            map.put((String) entries[i], value);
        }
        return map;
    }

    private static final class DemoFailed extends RuntimeException {
        DemoFailed(String message) {
            super(message);
        }
    }
}
