package dailyfeed.member.account;

import java.time.Instant;

/** The API's member with follow counts. */
public record MemberProfile(
        long id, String handle, String displayName, Instant createdAt, long followerCount, long followingCount) {

    static MemberProfile of(Member member, long followers, long followings) {
        return new MemberProfile(
                member.id(), member.handle(), member.displayName(), member.createdAt(), followers, followings);
    }
}
