package dailyfeed.launcher;

import dailyfeed.harness.Answer;
import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import dailyfeed.harness.UnexpectedAnswer;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    private record Person(String handle, String displayName) {}

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

    private final GatewayClient gateway;
    private final PrintStream console;

    DemoData(URI gateway, PrintStream console) {
        this(gateway, console, Duration.ofSeconds(60));
    }

    /** {@code retryFor}: how long one request may keep failing with 5xx or a refused connection (just after start). */
    DemoData(URI gateway, PrintStream console, Duration retryFor) {
        this.gateway = GatewayClient.builder(gateway.toString())
                .timeout(Duration.ofSeconds(15))
                .retryWhileUnavailable(retryFor)
                .build();
        this.console = console;
    }

    /** Loads the demo data; on failure says what is missing and carries on (the stack itself is fine). */
    boolean load() {
        try {
            Map<String, Member> members = new LinkedHashMap<>();
            for (Person person : PEOPLE) {
                members.put(person.handle(), join(person));
            }
            FOLLOWS.forEach((follower, followees) -> followees.forEach(followee -> gateway.follow(
                            members.get(follower), members.get(followee).id())
                    .expect(204)));

            Member bob = members.get("bob");
            if (gateway.postsBy(bob, bob.id(), 1).expect(200).page().items().isEmpty()) {
                writeContent(members);
                console.println("dailyfeed: demo data loaded: " + PEOPLE.size()
                        + " members, their follows, posts, comments and likes");
            } else {
                console.println("dailyfeed: demo data is there already");
            }
            console.println("demo login: " + LOGIN_HANDLE + " / " + PASSWORD
                    + "   (other members: bob, carol, dave, erin, same password)");
            return true;
        } catch (UnexpectedAnswer e) {
            console.println("dailyfeed: demo data could not be loaded: " + e.getMessage());
            return false;
        }
    }

    private void writeContent(Map<String, Member> members) {
        Member alice = members.get("alice");
        Member bob = members.get("bob");
        Member carol = members.get("carol");
        Member dave = members.get("dave");
        Member erin = members.get("erin");

        long hello = post(alice, "Hello, dailyfeed", "First post! Follow me and I will tell you about the garden.");
        long hike = post(bob, "Weekend hike", "Up the ridge at dawn, back for lunch. Who is in?");
        long bread =
                post(carol, "Sourdough, attempt 3", "Finally an open crumb. The trick was a longer, colder proof.");
        long kafka =
                post(dave, "Kafka in one JVM", "KRaft means no ZooKeeper: one process is a whole broker for a laptop.");

        long carolOnHike = comment(carol, hike, null, "Count me in! I will bring bread.");
        long bobReply = comment(bob, hike, carolOnHike, "Deal. Meet at the trailhead at 6.");
        comment(dave, hike, bobReply, "6?! I will catch the next one.");
        comment(erin, bread, null, "That crumb looks perfect.");
        comment(bob, hello, null, "Welcome!");
        comment(alice, kafka, null, "Does it survive a kill -9?");

        gateway.likePost(dave, hike).expect(204);
        gateway.likePost(erin, hike).expect(204);
        gateway.likePost(bob, bread).expect(204);
        gateway.likePost(carol, hello).expect(204);
        gateway.likeComment(dave, carolOnHike).expect(204);
        // the newest lines of alice's banner: carol liked and bob posted again
        gateway.likePost(carol, kafka).expect(204);
        post(bob, "Trail report", "The ridge path is muddy after the rain; boots, not sneakers.");
    }

    /** Signs the person up, or only logs them in if they exist already (409): a second run keeps its members. */
    private Member join(Person person) {
        Answer created = gateway.createMember(person.handle(), person.displayName(), PASSWORD);
        if (created.status() != 409) {
            created.expect(201);
        }
        // a member of that name made by someone else, with another password, fails here: the demo cannot act as them
        String token = gateway.memberToken(person.handle(), PASSWORD);
        Member session = new Member(0, person.handle(), PASSWORD, token);
        return new Member(gateway.me(session).expect(200).id(), person.handle(), PASSWORD, token);
    }

    private long post(Member author, String title, String content) {
        return gateway.createPost(author, title, content).expect(201).id();
    }

    private long comment(Member author, long postId, Long parentCommentId, String content) {
        Answer created = parentCommentId == null
                ? gateway.comment(author, postId, content)
                : gateway.reply(author, postId, parentCommentId, content);
        return created.expect(201).id();
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
}
