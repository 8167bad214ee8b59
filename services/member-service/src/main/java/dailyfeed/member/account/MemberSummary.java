package dailyfeed.member.account;

import java.time.Instant;

/** The API's member as listed in pages and returned by sign-up. */
public record MemberSummary(long id, String handle, String displayName, Instant createdAt) {

    public static MemberSummary of(Member member) {
        return new MemberSummary(member.id(), member.handle(), member.displayName(), member.createdAt());
    }
}
