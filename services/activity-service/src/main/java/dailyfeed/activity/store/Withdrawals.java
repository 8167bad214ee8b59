package dailyfeed.activity.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deleted posts and comments, and the rule that follows from them: no stored activity quotes their text. The activity
 * stays (bob did comment); its summary becomes empty. A deletion is remembered, so that an activity quoting the
 * content that arrives later (another member's like travels in another partition) is stored without the text.
 */
@Repository
class Withdrawals {

    private final JdbcClient jdbc;
    private final Announcements announcements;

    Withdrawals(JdbcClient jdbc, Announcements announcements) {
        this.jdbc = jdbc;
        this.announcements = announcements;
    }

    /** Which of these texts were withdrawn. */
    Set<QuotedText> withdrawnAmong(Collection<QuotedText> texts) {
        Set<QuotedText> withdrawn = new HashSet<>();
        if (texts.isEmpty()) {
            return withdrawn;
        }
        jdbc.sql("""
                SELECT t.kind, t.content_id FROM withdrawn_texts t
                  JOIN unnest(?::text[], ?::bigint[]) AS q(kind, content_id) USING (kind, content_id)""")
                .params(
                        texts.stream().map(text -> text.kind().column()).toArray(String[]::new),
                        texts.stream().map(QuotedText::contentId).toArray(Long[]::new))
                .query((rs, row) -> withdrawn.add(new QuotedText(
                        QuotedText.Kind.valueOf(rs.getString(1).toUpperCase(java.util.Locale.ROOT)), rs.getLong(2))))
                .list();
        return withdrawn;
    }

    /**
     * Remembers that these texts are withdrawn and removes them from every stored activity that quotes them; returns
     * the ids of the activities that changed. Idempotent.
     */
    List<Long> withdraw(Collection<QuotedText> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        jdbc.sql("""
                INSERT INTO withdrawn_texts (kind, content_id)
                SELECT * FROM unnest(?::text[], ?::bigint[]) ON CONFLICT DO NOTHING""")
                .params(
                        texts.stream().map(text -> text.kind().column()).toArray(String[]::new),
                        texts.stream().map(QuotedText::contentId).toArray(Long[]::new))
                .update();
        return removeQuotes(texts);
    }

    /**
     * Run after a transaction that stored {@code eventIds} and withdrew {@code withdrawn} committed: closes the race of
     * a deletion and an activity quoting it, stored by two transactions at once, neither seeing the other's rows.
     * Whichever commits last, its sweep sees both. Announces what it changed.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void sweep(Collection<UUID> eventIds, Collection<QuotedText> withdrawn) {
        List<Long> changed = new ArrayList<>(removeQuotes(withdrawn));
        if (!eventIds.isEmpty()) {
            changed.addAll(jdbc.sql("""
                    UPDATE member_activities a SET summary = ''
                     WHERE a.event_id = ANY(?::uuid[]) AND a.summary <> ''
                       AND EXISTS (SELECT 1 FROM withdrawn_texts t
                                    WHERE t.kind = CASE WHEN a.comment_id IS NULL THEN 'post' ELSE 'comment' END
                                      AND t.content_id = coalesce(a.comment_id, a.post_id))
                    RETURNING a.id""")
                    .param(eventIds.stream().map(UUID::toString).toArray(String[]::new))
                    .query(Long.class)
                    .list());
        }
        if (!changed.isEmpty()) {
            announcements.withdrawn(changed);
        }
    }

    private List<Long> removeQuotes(Collection<QuotedText> texts) {
        List<Long> changed = new ArrayList<>();
        Long[] posts = idsOf(texts, QuotedText.Kind.POST);
        if (posts.length > 0) {
            changed.addAll(jdbc.sql("""
                    UPDATE member_activities a SET summary = ''
                     WHERE a.comment_id IS NULL AND a.post_id = ANY(?) AND a.summary <> ''
                    RETURNING a.id""").param(posts).query(Long.class).list());
        }
        Long[] comments = idsOf(texts, QuotedText.Kind.COMMENT);
        if (comments.length > 0) {
            changed.addAll(jdbc.sql("""
                    UPDATE member_activities a SET summary = ''
                     WHERE a.comment_id = ANY(?) AND a.summary <> ''
                    RETURNING a.id""").param(comments).query(Long.class).list());
        }
        return changed;
    }

    private static Long[] idsOf(Collection<QuotedText> texts, QuotedText.Kind kind) {
        return texts.stream()
                .filter(text -> text.kind() == kind)
                .map(QuotedText::contentId)
                .toArray(Long[]::new);
    }
}
