package dailyfeed.bench;

import dailyfeed.events.ActivityEvent;
import dailyfeed.events.Actor;
import dailyfeed.events.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The pre-loaded activity: {@code members} synthetic members (ids from {@link #FIRST_MEMBER}) doing posts, comments and
 * likes in random order, three seconds apart, plus the follows of the two readers of the feed benchmark — the first
 * following the first 1,000 members, the second the first 5,000. Seeded, so every run loads the same shape.
 */
record Dataset(List<ActivityEvent> events, int members) {

    /** Far above the ids member-service hands out in a benchmark, so synthetic and real members never collide. */
    static final long FIRST_MEMBER = 1_000_000;

    static Dataset generate(int total, int members, long reader1k, long reader5k) {
        Random random = new Random(6);
        List<ActivityEvent> events = new ArrayList<>(total);
        Instant start = Instant.now().minusSeconds(3L * total + 3600);
        for (long k = 0; k < 5_000; k++) {
            if (k < 1_000) {
                events.add(follow(random, reader1k, k, start.plusMillis(events.size())));
            }
            events.add(follow(random, reader5k, k, start.plusMillis(events.size())));
        }
        long nextPost = 1;
        long nextComment = 1;
        // who wrote each post (index: post id - 1), so that events name their owners as the producers' do
        List<Long> postAuthors = new ArrayList<>();
        while (events.size() < total) {
            int i = events.size();
            long actor = FIRST_MEMBER + random.nextInt(members);
            Instant at = start.plusSeconds(3L * i).plusMillis(random.nextInt(1000));
            int kind = random.nextInt(10);
            ActivityEvent.Targets targets;
            EventType type;
            String summary;
            if (kind < 4 || nextPost < 10) {
                type = EventType.POST_CREATED;
                postAuthors.add(actor);
                targets = ActivityEvent.Targets.post(nextPost++, actor);
                summary = "Weekend plans, part " + i;
            } else if (kind < 7) {
                type = EventType.COMMENT_CREATED;
                long post = 1 + random.nextLong(nextPost - 1);
                long author = postAuthors.get((int) post - 1);
                targets = ActivityEvent.Targets.newComment(post, author, nextComment++, null, author);
                summary = "Sounds good to me, see you there " + i;
            } else {
                type = EventType.POST_LIKED;
                long post = 1 + random.nextLong(nextPost - 1);
                targets = ActivityEvent.Targets.post(post, postAuthors.get((int) post - 1));
                summary = "Weekend plans";
            }
            events.add(new ActivityEvent(
                    uuid(random),
                    type,
                    at,
                    actor(actor),
                    targets.postId(),
                    targets.commentId(),
                    targets.parentCommentId(),
                    targets.targetMemberId(),
                    summary,
                    ActivityEvent.CURRENT_SCHEMA_VERSION,
                    null,
                    targets.targetOwnerId(),
                    targets.postOwnerId()));
        }
        return new Dataset(events, members);
    }

    private static ActivityEvent follow(Random random, long reader, long k, Instant at) {
        long followee = FIRST_MEMBER + k;
        return new ActivityEvent(
                uuid(random),
                EventType.MEMBER_FOLLOWED,
                at,
                new Actor(reader, "reader" + reader, "Reader " + reader),
                null,
                null,
                null,
                followee,
                "followed m" + followee,
                ActivityEvent.CURRENT_SCHEMA_VERSION);
    }

    static Actor actor(long id) {
        return new Actor(id, "m" + id, "Member " + id);
    }

    private static UUID uuid(Random random) {
        // version-4 shape from a seeded source: the same ids every run
        long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
