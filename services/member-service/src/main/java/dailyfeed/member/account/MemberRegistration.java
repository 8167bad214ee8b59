package dailyfeed.member.account;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

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

    /**
     * Registers a member with a validated request; a taken handle is a {@link HandleTaken}.
     *
     * <p>Deliberately not one transaction: the Argon2 hash takes long, and a transaction around it would hold one of
     * the pool's few connections meanwhile, so a handful of sign-ups would starve every other request. The member is
     * written by one INSERT, atomic on its own.
     */
    Member signUp(SignUpRequest request) {
        String handle = request.handle();
        // Checked first so that a taken handle costs no password hashing; the unique index settles races.
        if (members.existsByHandle(handle)) {
            throw new HandleTaken(handle);
        }
        String passwordHash = passwords.encode(request.password());
        // PostgreSQL keeps microseconds: truncating here makes the answer equal what later reads return.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try {
            return members.save(Member.register(handle, request.displayName().strip(), passwordHash, now));
        } catch (DuplicateKeyException e) {
            throw new HandleTaken(handle);
        }
    }
}
