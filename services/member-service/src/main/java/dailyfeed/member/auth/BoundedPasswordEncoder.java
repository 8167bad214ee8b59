package dailyfeed.member.auth;

import java.util.concurrent.Semaphore;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Lets at most a few Argon2 computations run at once; the others wait their turn without holding anything else.
 * Each one takes 16 MiB and a core: unbounded, a burst of sign-ups, logins or {@code /oauth2/token} calls would take
 * the heap and every core. (The connection pool used to bound them by accident, while starving everyone else.)
 */
final class BoundedPasswordEncoder implements PasswordEncoder {

    private final PasswordEncoder encoder;
    private final Semaphore turns;

    BoundedPasswordEncoder(PasswordEncoder encoder, int concurrentHashes) {
        this.encoder = encoder;
        this.turns = new Semaphore(concurrentHashes, true);
    }

    @Override
    public String encode(CharSequence rawPassword) {
        turns.acquireUninterruptibly();
        try {
            return encoder.encode(rawPassword);
        } finally {
            turns.release();
        }
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        turns.acquireUninterruptibly();
        try {
            return encoder.matches(rawPassword, encodedPassword);
        } finally {
            turns.release();
        }
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return encoder.upgradeEncoding(encodedPassword);
    }
}
