package dailyfeed.platform.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Spring Security observes nothing: not each filter of each request, nor each authentication and authorization.
 * Those are a dozen observations per request, and switching them off by predicate still leaves every filter wrapped
 * in an observing decorator that creates and discards them; with these settings the filter chain is not decorated at
 * all (docs/benchmarks.md, "Where a post's CPU goes"). The request's own observation (its span, its
 * {@code http.server.requests} timer) is not Spring Security's and stays.
 */
@AutoConfiguration
@ConditionalOnClass(SecurityObservationSettings.class)
public class SecurityObservationsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
