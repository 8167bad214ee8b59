package dailyfeed.gateway.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Registers {@link RateLimitFilter} after the request-body limit and before Spring Security, so a flood is refused
 * before any token is checked or anything forwarded; not at all when the limits are off.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimitSettings settings, MeterRegistry meters) {
        var registration = new FilterRegistrationBean<>(new RateLimitFilter(
                new ClientBuckets(settings), new ClientAddresses(settings.trustedForwarders()), meters));
        // the body limit is at HIGHEST_PRECEDENCE + 10, Spring Security at -100
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        registration.setEnabled(settings.enabled());
        if (settings.enabled()) {
            log.info(
                    "Rate limits per client address and minute: sign-ups {}, logins {}, tokens {}, writes {}",
                    settings.signups(),
                    settings.logins(),
                    settings.tokens(),
                    settings.writes());
        } else {
            log.warn("Rate limits are off (DAILYFEED_RATE_LIMITS=off)");
        }
        return registration;
    }
}
