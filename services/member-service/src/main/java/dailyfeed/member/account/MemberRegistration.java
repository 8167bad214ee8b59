package dailyfeed.member.account;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Signs members up. */
@Service
class MemberRegistration {

    private final Members members;
    private final PasswordEncoder passwords;
    private final Clock clock;

    MemberRegistration(Members members, PasswordEncoder passwords, Clock clock) {
        this.members = members;
        this.passwords = passwords;
        this.clock = clock;
    }

    /** Registers a member with a validated request; a taken handle is a {@link HandleTaken}. */
    @Transactional
    Member signUp(SignUpRequest request) {
        String handle = request.handle();
        // Checked first so that a taken handle costs no password hashing; the unique index settles races.
        if (members.existsByHandle(handle)) {
            throw new HandleTaken(handle);
        }
        // PostgreSQL keeps microseconds: truncating here makes the answer equal what later reads return.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try {
            return members.save(
                    Member.register(handle, request.displayName().strip(), passwords.encode(request.password()), now));
        } catch (DuplicateKeyException e) {
            throw new HandleTaken(handle);
        }
    }
}
