package dailyfeed.platform.security;

import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Every resource server's token decoder (Boot's, or a service's own) remembers the tokens it verified
 * ({@link VerifiedTokens}): the gateway and the service behind it each check a request's token, and a client sends
 * the same token many times.
 */
@AutoConfiguration
@ConditionalOnClass({JwtDecoder.class, com.github.benmanes.caffeine.cache.Caffeine.class})
public class VerifiedTokensConfiguration {

    /** About the members active within a minute on one instance; a few MB of heap at most. */
    static final int MAX_TOKENS = 4_096;

    static final Duration REMEMBER_FOR = Duration.ofMinutes(1);

    @Bean
    static BeanPostProcessor verifiedTokensDecoder() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof JwtDecoder decoder && !(bean instanceof VerifiedTokens)
                        ? new VerifiedTokens(decoder, MAX_TOKENS, REMEMBER_FOR, Clock.systemUTC())
                        : bean;
            }
        };
    }
}
