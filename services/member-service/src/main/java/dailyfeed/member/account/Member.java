package dailyfeed.member.account;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A registered member. The password is only ever held as its hash. */
@Table("members")
public record Member(@Id Long id, String handle, String displayName, String passwordHash, Instant createdAt) {

    static Member register(String handle, String displayName, String passwordHash, Instant now) {
        return new Member(null, handle, displayName, passwordHash, now);
    }
}
