package dailyfeed.gateway.errors;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Requests refused before any controller runs get problem+json too, as API.md promises for every error: those Spring
 * Security's firewall refuses (an encoded {@code %}, a {@code ;} in the path) answered Boot's error JSON, and those
 * Tomcat refuses itself (an encoded {@code /}, {@code \} or NUL, bytes that are not UTF-8) its HTML error page.
 */
@Configuration(proxyBeanMethods = false)
class RefusedRequestsConfiguration {

    @Bean
    RequestRejectedHandler problemForFirewallRejections() {
        return (request, response, rejected) -> ProblemErrorReportValve.write(response, 400);
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemForContainerRejections() {
        // Added to the host after Boot's own ErrorReportValve, so it is nearer the request and reports first.
        return factory -> factory.addContextCustomizers(
                context -> context.getParent().getPipeline().addValve(new ProblemErrorReportValve()));
    }
}
