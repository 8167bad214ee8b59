package dailyfeed.reliability;

import dailyfeed.harness.Answer;
import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import dailyfeed.reliability.Ledger.Action;
import dailyfeed.reliability.Ledger.Outcome;
import dailyfeed.reliability.Ledger.Write;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;

/**
 * Members writing at once, each one request after the other (so a member's acknowledged writes have an order):
 * posts, comments and replies, likes and unlikes of posts and comments, follows and unfollows. Each like or follow
 * pair is written at most once each way, and never again after an uncertain answer, so that what the services show
 * afterwards tells whether an unanswered write happened. Every try and its answer go into the {@link Ledger}.
 *
 * <p>Given several gateways (one site's addresses), the members are spread over them; a member whose gateway gave no
 * answer at all writes through the next one for {@link #AVOID_MILLIS}, as a client with several addresses would.
 */
final class Workload implements AutoCloseable {

    /** After a 5xx or no answer a member waits this long before its next write: a client backing off. */
    private static final long BACKOFF_MILLIS = 250;
    /** How long a member keeps off a gateway that did not answer (the gateways' own rule for an instance). */
    private static final long AVOID_MILLIS = 5_000;

    private final List<GatewayClient> gateways;
    private final AtomicIntegerArray writesByGateway;
    private final List<Member> members;
    private final Ledger ledger;
    private final long seed;
    private final String runId;
    private final SharedPool<Long> posts = new SharedPool<>();
    private final SharedPool<long[]> topLevelComments = new SharedPool<>();
    private final SharedPool<Long> comments = new SharedPool<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile long thinkMillis;
    private final ExecutorService threads;
    private final List<Future<?>> running = new ArrayList<>();

    Workload(GatewayClient gateway, List<Member> members, Ledger ledger, long seed, String runId) {
        this(List.of(gateway), members, ledger, seed, runId);
    }

    /** Member {@code i} writes through gateway {@code i mod n} while that one answers. */
    Workload(List<GatewayClient> gateways, List<Member> members, Ledger ledger, long seed, String runId) {
        this.gateways = List.copyOf(gateways);
        this.writesByGateway = new AtomicIntegerArray(gateways.size());
        this.members = List.copyOf(members);
        this.ledger = ledger;
        this.seed = seed;
        this.runId = runId;
        this.threads = Executors.newFixedThreadPool(members.size());
    }

    /**
     * Each member pauses this long after each write, as a person does: less than the system can take, so that a
     * restarted process gets the CPU to start on a small machine. Before {@link #start()}; none by default.
     */
    Workload thinking(Duration pause) {
        thinkMillis = pause.toMillis();
        return this;
    }

    void start() {
        for (int i = 0; i < members.size(); i++) {
            Member member = members.get(i);
            Random random = new Random(seed * 31 + i);
            Route route = new Route(i % gateways.size());
            running.add(threads.submit(() -> writeUntilStopped(member, random, route)));
        }
    }

    /** Stops the members after their current write and waits for them. */
    void stop() throws Exception {
        stopping.set(true);
        for (Future<?> member : running) {
            member.get(gateways.get(0).timeout().toSeconds() + 30, TimeUnit.SECONDS);
        }
    }

    /** How many writes went through each gateway, in the order they were given. */
    List<Integer> writesByGateway() {
        return IntStream.range(0, writesByGateway.length())
                .mapToObj(writesByGateway::get)
                .toList();
    }

    @Override
    public void close() {
        stopping.set(true);
        threads.shutdownNow();
    }

    /** The pair states of one member, touched only by that member's thread. */
    private static final class Pairs {
        final Map<Long, Boolean> untouchable = new HashMap<>(); // true: on now (may be undone once); false: done
        final List<Long> on = new ArrayList<>();

        boolean touched(long target) {
            return untouchable.containsKey(target);
        }

        void done(long target, boolean nowOn) {
            untouchable.put(target, nowOn);
            if (nowOn) {
                on.add(target);
            } else {
                on.remove(target);
            }
        }
    }

    /** Which gateway a member writes through, touched only by that member's thread. */
    private final class Route {
        private final int home;
        private int current;
        private long avoidHomeUntil;

        Route(int home) {
            this.home = home;
            this.current = home;
        }

        /** The gateway of the next write: home again once its time off is over. */
        GatewayClient next() {
            if (current != home && System.nanoTime() - avoidHomeUntil >= 0) {
                current = home;
            }
            writesByGateway.incrementAndGet(current);
            return gateways.get(current);
        }

        void unanswered() {
            current = (current + 1) % gateways.size();
            avoidHomeUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AVOID_MILLIS);
        }
    }

    private void writeUntilStopped(Member member, Random random, Route route) {
        Pairs postLikes = new Pairs();
        Pairs commentLikes = new Pairs();
        Pairs follows = new Pairs();
        while (!stopping.get() && !Thread.currentThread().isInterrupted()) {
            GatewayClient gateway = route.next();
            Write write = switch (choose(random)) {
                case CREATE_COMMENT -> comment(gateway, member, random);
                case LIKE_POST -> like(gateway, member, random, postLikes, posts, Action.LIKE_POST);
                case UNLIKE_POST -> unlike(gateway, member, random, postLikes, Action.UNLIKE_POST);
                case LIKE_COMMENT -> like(gateway, member, random, commentLikes, comments, Action.LIKE_COMMENT);
                case UNLIKE_COMMENT -> unlike(gateway, member, random, commentLikes, Action.UNLIKE_COMMENT);
                case FOLLOW -> follow(gateway, member, random, follows);
                case UNFOLLOW -> unlike(gateway, member, random, follows, Action.UNFOLLOW);
                case CREATE_POST -> null;
            };
            if (write == null) {
                write = post(gateway, member);
            }
            ledger.record(write);
            if (write.outcome() == Outcome.UNANSWERED) {
                route.unanswered();
            }
            if (write.outcome().uncertain()) {
                pause(BACKOFF_MILLIS);
            } else if (thinkMillis > 0) {
                pause(thinkMillis);
            }
        }
    }

    private static Action choose(Random random) {
        int dice = random.nextInt(100);
        if (dice < 15) {
            return Action.CREATE_POST;
        } else if (dice < 37) {
            return Action.CREATE_COMMENT;
        } else if (dice < 57) {
            return Action.LIKE_POST;
        } else if (dice < 67) {
            return Action.UNLIKE_POST;
        } else if (dice < 79) {
            return Action.LIKE_COMMENT;
        } else if (dice < 85) {
            return Action.UNLIKE_COMMENT;
        } else if (dice < 94) {
            return Action.FOLLOW;
        }
        return Action.UNFOLLOW;
    }

    private Write post(GatewayClient gateway, Member member) {
        long seq = ledger.nextSeq();
        String marker = "ledger " + runId + " post " + seq;
        long sent = System.nanoTime();
        Answer answer = gateway.createPost(member, null, marker);
        if (answer.status() == 201) {
            posts.add(answer.id());
        }
        return new Write(
                seq,
                member.id(),
                Action.CREATE_POST,
                0,
                marker,
                answer.status(),
                answer.status() == 201 ? answer.id() : 0,
                sent,
                System.nanoTime() - sent);
    }

    /** A comment on a post, or (one in three) a reply to a top-level comment; null when there is nothing yet. */
    private Write comment(GatewayClient gateway, Member member, Random random) {
        long postId;
        Long parent = null;
        long[] replyTo = random.nextInt(3) == 0 ? topLevelComments.pick(random) : null;
        if (replyTo != null) {
            postId = replyTo[0];
            parent = replyTo[1];
        } else {
            Long post = posts.pick(random);
            if (post == null) {
                return null;
            }
            postId = post;
        }
        long seq = ledger.nextSeq();
        String marker = "ledger " + runId + " comment " + seq;
        long sent = System.nanoTime();
        Answer answer = parent == null
                ? gateway.comment(member, postId, marker)
                : gateway.reply(member, postId, parent, marker);
        if (answer.status() == 201) {
            comments.add(answer.id());
            if (parent == null) {
                topLevelComments.add(new long[] {postId, answer.id()});
            }
        }
        return new Write(
                seq,
                member.id(),
                Action.CREATE_COMMENT,
                postId,
                marker,
                answer.status(),
                answer.status() == 201 ? answer.id() : 0,
                sent,
                System.nanoTime() - sent);
    }

    private Write like(
            GatewayClient gateway, Member member, Random random, Pairs pairs, SharedPool<Long> targets, Action action) {
        Long target = null;
        for (int attempt = 0; attempt < 5 && target == null; attempt++) {
            Long candidate = targets.pick(random);
            if (candidate != null && !pairs.touched(candidate)) {
                target = candidate;
            }
        }
        if (target == null) {
            return null;
        }
        long seq = ledger.nextSeq();
        long sent = System.nanoTime();
        Answer answer =
                action == Action.LIKE_POST ? gateway.likePost(member, target) : gateway.likeComment(member, target);
        pairs.done(target, answer.ok());
        return new Write(seq, member.id(), action, target, null, answer.status(), 0, sent, System.nanoTime() - sent);
    }

    /** Undoes one of the member's acknowledged likes or follows; null when there is none. */
    private Write unlike(GatewayClient gateway, Member member, Random random, Pairs pairs, Action action) {
        if (pairs.on.isEmpty()) {
            return null;
        }
        long target = pairs.on.get(random.nextInt(pairs.on.size()));
        long seq = ledger.nextSeq();
        long sent = System.nanoTime();
        Answer answer = switch (action) {
            case UNLIKE_POST -> gateway.unlikePost(member, target);
            case UNLIKE_COMMENT -> gateway.unlikeComment(member, target);
            default -> gateway.unfollow(member, target);
        };
        pairs.done(target, false);
        return new Write(seq, member.id(), action, target, null, answer.status(), 0, sent, System.nanoTime() - sent);
    }

    private Write follow(GatewayClient gateway, Member member, Random random, Pairs follows) {
        Member other = members.get(random.nextInt(members.size()));
        if (other.id() == member.id() || follows.touched(other.id())) {
            return null;
        }
        long seq = ledger.nextSeq();
        long sent = System.nanoTime();
        Answer answer = gateway.follow(member, other.id());
        follows.done(other.id(), answer.ok());
        return new Write(
                seq, member.id(), Action.FOLLOW, other.id(), null, answer.status(), 0, sent, System.nanoTime() - sent);
    }

    private static void pause(long millis) {
        try {
            // pacing of a client (after a failure, or thinking), not synchronisation: nothing waits for it to happen
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ids the members share (posts and comments that exist), picked at random. */
    private static final class SharedPool<T> {
        private final List<T> items = new ArrayList<>();

        synchronized void add(T item) {
            items.add(item);
        }

        synchronized T pick(Random random) {
            return items.isEmpty() ? null : items.get(random.nextInt(items.size()));
        }
    }
}
