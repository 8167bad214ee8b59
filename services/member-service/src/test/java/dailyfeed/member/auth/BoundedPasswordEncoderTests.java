package dailyfeed.member.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

class BoundedPasswordEncoderTests {

    @Test
    void atMostTheConfiguredNumberOfHashesRunAtOnce() throws Exception {
        var running = new AtomicInteger();
        var release = new CountDownLatch(1);
        PasswordEncoder slow = new PasswordEncoder() {
            @Override
            public String encode(CharSequence rawPassword) {
                running.incrementAndGet();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    running.decrementAndGet();
                }
                return "hash of " + rawPassword;
            }

            @Override
            public boolean matches(CharSequence rawPassword, String encodedPassword) {
                return encode(rawPassword).equals(encodedPassword);
            }
        };
        var bounded = new BoundedPasswordEncoder(slow, 2);
        var waiting = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String password = "password " + i;
                calls.add(threads.submit(() -> {
                    waiting.incrementAndGet();
                    return bounded.encode(password).equals("hash of " + password);
                }));
                calls.add(threads.submit(() -> {
                    waiting.incrementAndGet();
                    return bounded.matches(password, "hash of " + password);
                }));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> waiting.get() == 6 && running.get() == 2);
            // every call has started, two are inside, and no third gets in while they are
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> running.get() == 2);

            release.countDown();
            for (var call : calls) {
                assertThat(call.get(10, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
