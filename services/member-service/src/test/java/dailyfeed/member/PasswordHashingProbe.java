package dailyfeed.member;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Wraps the service's {@link PasswordEncoder} in every Spring test context of member-service: counts password checks and, while
 * held, stops every hash at its start, so a test can look at what a request holds while it hashes.
 */
public class PasswordHashingProbe implements BeanPostProcessor {

    private static final Duration LONGEST_HOLD = Duration.ofSeconds(60);

    private final AtomicInteger checks = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile Class<?> wrappedType;

    /** Password checks ({@code matches}) since the last {@link #resetChecks()}. */
    public int checks() {
        return checks.get();
    }

    public void resetChecks() {
        checks.set(0);
    }

    /** From now on, hashes wait at their start until {@link #releaseHashing()}. */
    public void holdHashing() {
        held.set(0);
        gate = new CountDownLatch(1);
    }

    public void releaseHashing() {
        gate.countDown();
    }

    /** How many hashes are waiting at their start. */
    public int heldHashes() {
        return held.get();
    }

    /** The type of the service's own {@link PasswordEncoder} bean. */
    public Class<?> wrappedType() {
        return wrappedType;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof PasswordEncoder encoder)) {
            return bean;
        }
        wrappedType = encoder.getClass();
        return new PasswordEncoder() {
            @Override
            public String encode(CharSequence rawPassword) {
                waitAtGate();
                return encoder.encode(rawPassword);
            }

            @Override
            public boolean matches(CharSequence rawPassword, String encodedPassword) {
                checks.incrementAndGet();
                waitAtGate();
                return encoder.matches(rawPassword, encodedPassword);
            }

            @Override
            public boolean upgradeEncoding(String encodedPassword) {
                return encoder.upgradeEncoding(encodedPassword);
            }
        };
    }

    /**
     * Puts the probe into every test context ({@code META-INF/spring.factories}) rather than into some: one more
     * context configuration would be one more cached context, and Spring pauses and restarts the idle one.
     */
    public static class Installer implements ContextCustomizerFactory {

        @Override
        public ContextCustomizer createContextCustomizer(
                Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
            return new Installed();
        }
    }

    private record Installed() implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            ((BeanDefinitionRegistry) context.getBeanFactory())
                    .registerBeanDefinition("passwordHashingProbe", new RootBeanDefinition(PasswordHashingProbe.class));
        }
    }

    private void waitAtGate() {
        CountDownLatch current = gate;
        if (current.getCount() == 0) {
            return;
        }
        held.incrementAndGet();
        try {
            if (!current.await(LONGEST_HOLD.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released hashing");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            held.decrementAndGet();
        }
    }
}
