package dailyfeed.activity.store;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.activity.ActivityServiceTest;
import dailyfeed.activity.Events;
import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEvent.Targets;
import dailyfeed.events.EventType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What marking undos costs at ingest, where most toggles are likes that stay: a batch of them is answered by the small
 * index of undos, without reading the actors' days; and a like whose unlike is stored, in the same batch or before,
 * is still found.
 */
@ActivityServiceTest
class UndosIntegrationTests {

    /** A UTC day in the past, so that every instant of it is accepted. */
    private static final Instant DAY = Events.now().truncatedTo(ChronoUnit.DAYS).minus(3, ChronoUnit.DAYS);

    @Autowired
    ActivityRecorder recorder;

    @Autowired
    JdbcClient sql;

    @Test
    void likesThatStayAreMarkedWithoutReadingTheirActorsDays() {
        // 40 busy actors: 30 activities each that day, then one new like each, none of them taken back
        List<Long> actors = new ArrayList<>();
        List<ActivityEvent> history = new ArrayList<>();
        for (int a = 0; a < 40; a++) {
            long actor = Events.newMember();
            actors.add(actor);
            for (int i = 0; i < 30; i++) {
                long post = Events.newId();
                history.add(Events.of(EventType.POST_LIKED, actor, at(a * 60 + i), Targets.post(post, 1)));
            }
        }
        recorder.record(history);
        List<ActivityEvent> likes = actors.stream()
                .map(actor -> Events.of(EventType.POST_LIKED, actor, at(3000), Targets.post(Events.newId(), 1)))
                .toList();
        recorder.record(likes);
        sql.sql("ANALYZE member_activities").update();

        String plan = String.join(
                "\n",
                sql.sql("EXPLAIN (ANALYZE, BUFFERS) " + Undos.MARK_SQL)
                        .param(idsOf(likes))
                        .query(String.class)
                        .list());

        // each like is one probe of the small index of undos, which finds nothing: no activity of the actors' days is
        // collected to be paired (before, each like's whole day was, and then every pair of them compared)
        assertThat(rowsOf("CTE toggles", plan)).isZero();
        assertThat(undone(likes)).allSatisfy((id, by) -> assertThat(by).isNull());
    }

    @Test
    void aLikeIsUndoneByItsUnlikeWhetherTheUnlikeCameBeforeWithItOrAfter() {
        long actor = Events.newMember();
        long before = Events.newId();
        long together = Events.newId();
        long after = Events.newId();
        long kept = Events.newId();
        // the unlike stored first, its like later (the like arrived late)
        ActivityEvent earlyUnlike = Events.of(EventType.POST_UNLIKED, actor, at(20), Targets.post(before, 1));
        recorder.record(List.of(earlyUnlike));
        ActivityEvent lateLike = Events.of(EventType.POST_LIKED, actor, at(10), Targets.post(before, 1));
        // a like and its unlike in one batch, and a like of another post that stays
        ActivityEvent like = Events.of(EventType.POST_LIKED, actor, at(30), Targets.post(together, 1));
        ActivityEvent unlike = Events.of(EventType.POST_UNLIKED, actor, at(31), Targets.post(together, 1));
        ActivityEvent stays = Events.of(EventType.POST_LIKED, actor, at(32), Targets.post(kept, 1));
        ActivityEvent likeFirst = Events.of(EventType.POST_LIKED, actor, at(40), Targets.post(after, 1));
        recorder.record(List.of(lateLike, like, unlike, stays, likeFirst));
        // the unlike of the last like arrives in a batch of its own
        ActivityEvent unlikeLater = Events.of(EventType.POST_UNLIKED, actor, at(41), Targets.post(after, 1));
        recorder.record(List.of(unlikeLater));

        Map<UUID, Long> undone = undone(List.of(earlyUnlike, lateLike, like, unlike, stays, likeFirst, unlikeLater));
        Map<UUID, Long> ids = rowIds(List.of(earlyUnlike, unlike, unlikeLater));
        assertThat(undone.get(lateLike.eventId())).isEqualTo(ids.get(earlyUnlike.eventId()));
        assertThat(undone.get(like.eventId())).isEqualTo(ids.get(unlike.eventId()));
        assertThat(undone.get(likeFirst.eventId())).isEqualTo(ids.get(unlikeLater.eventId()));
        assertThat(undone.get(stays.eventId())).isNull();
        // an undo is marked with the like it took back
        assertThat(undone.get(earlyUnlike.eventId())).isNotNull();
        assertThat(undone.get(unlike.eventId())).isNotNull();
        assertThat(undone.get(unlikeLater.eventId())).isNotNull();
    }

    /** The rows the plan node on the line after {@code node} produced. */
    private static int rowsOf(String node, String plan) {
        Matcher rows = Pattern.compile(Pattern.quote(node) + "\\n[^\\n]*actual time=[\\d.]+ rows=(\\d+)")
                .matcher(plan);
        assertThat(rows.find()).as("%s in %s", node, plan).isTrue();
        return Integer.parseInt(rows.group(1));
    }

    private static Instant at(int seconds) {
        return DAY.plusSeconds(seconds);
    }

    private Long[] idsOf(List<ActivityEvent> events) {
        return rowIds(events).values().toArray(Long[]::new);
    }

    private Map<UUID, Long> rowIds(List<ActivityEvent> events) {
        return sql
                .sql("SELECT event_id, id FROM member_activities WHERE event_id = ANY(?::uuid[])")
                .param(eventIdTexts(events))
                .query((rs, row) -> Map.entry(rs.getObject(1, UUID.class), rs.getLong(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** {@code undone_by} by event id; a null value where the activity stands. */
    private Map<UUID, Long> undone(List<ActivityEvent> events) {
        Map<UUID, Long> undone = new HashMap<>();
        sql.sql("SELECT event_id, undone_by FROM member_activities WHERE event_id = ANY(?::uuid[])")
                .param(eventIdTexts(events))
                .query((rs, row) -> undone.put(rs.getObject(1, UUID.class), (Long) rs.getObject(2)))
                .list();
        assertThat(undone).hasSize(events.size());
        return undone;
    }

    private static String[] eventIdTexts(List<ActivityEvent> events) {
        return events.stream().map(e -> e.eventId().toString()).toArray(String[]::new);
    }
}
