package dailyfeed.platform.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Registers {@link RequestBodyLimitFilter} in every servlet service (the gateway included), ahead of Spring
 * Security, so an oversized body is refused before anything else looks at the request.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(RequestBodySettings.class)
public class RequestBodyLimitConfiguration {

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
            RequestBodySettings settings, ObjectProvider<MeterRegistry> meters) {
        // Micrometer's global registry where Boot made none (a test slice without metrics)
        var registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(settings, meters.getIfAvailable(() -> Metrics.globalRegistry)));
        // after Boot's character-encoding filter (HIGHEST_PRECEDENCE), before Spring Security (-100)
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
