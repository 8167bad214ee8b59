package dailyfeed.member.account;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Members as others see them: with how many follow them and how many they follow. */
@Component
public class MemberProfiles {

    private final Members members;
    private final JdbcClient jdbc;

    MemberProfiles(Members members, JdbcClient jdbc) {
        this.members = members;
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public MemberProfile profileOf(long id) {
        Member member = members.findById(id).orElseThrow(() -> new MemberNotFound(id));
        return jdbc.sql("""
                SELECT (SELECT count(*) FROM follows WHERE followee_id = :id) AS followers,
                       (SELECT count(*) FROM follows WHERE follower_id = :id) AS followings""")
                .param("id", id)
                .query((rs, n) -> MemberProfile.of(member, rs.getLong("followers"), rs.getLong("followings")))
                .single();
    }
}
