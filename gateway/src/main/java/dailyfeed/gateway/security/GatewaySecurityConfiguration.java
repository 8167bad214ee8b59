package dailyfeed.gateway.security;

import dailyfeed.platform.security.ApiSecurity;
import dailyfeed.platform.security.ProblemAuthenticationHandlers;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Checks bearer tokens at the edge, so a request without a valid one never reaches a service. Any valid
 * dailyfeed token passes: which scope may do what is each service's decision.
 */
@Configuration(proxyBeanMethods = false)
class GatewaySecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GatewaySecurityConfiguration.class);

    @Bean
    SecurityFilterChain gatewaySecurityFilterChain(HttpSecurity http) throws Exception {
        return ApiSecurity.statelessBearerApi(http)
                .oauth2ResourceServer(server -> server.withObjectPostProcessor(
                        new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                                filter.setAuthenticationFailureHandler(
                                        unavailableKeysAre503(ProblemAuthenticationHandlers.entryPoint()));
                                return filter;
                            }
                        }))
                .authorizeHttpRequests(requests -> requests
                        // sign-up and login are how a client gets its first token
                        .requestMatchers(HttpMethod.POST, "/api/members", "/api/auth/login").permitAll()
                        // the authorization server authenticates its clients itself (HTTP Basic), and keys are public
                        .requestMatchers("/oauth2/**", "/.well-known/**").permitAll()
                        .requestMatchers(ApiSecurity.PUBLIC_ENDPOINTS).permitAll()
                        .requestMatchers("/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/", "/index.html", "/assets/**", "/favicon.ico").permitAll()
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().denyAll())
                .build();
    }

    /**
     * A token that cannot be checked because member-service's keys cannot be fetched is not an invalid token:
     * answering 401 would make clients throw away good tokens, so this is a 503 to retry.
     */
    private static AuthenticationFailureHandler unavailableKeysAre503(AuthenticationEntryPoint entryPoint) {
        return (request, response, exception) -> {
            if (exception instanceof AuthenticationServiceException) {
                log.warn("Answering 503, tokens cannot be checked: {}", exception.getMessage());
                writeUnavailable(response);
                return;
            }
            entryPoint.commence(request, response, exception);
        };
    }

    private static void writeUnavailable(HttpServletResponse response) throws IOException {
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, "1");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Service unavailable\",\"status\":503,"
                + "\"detail\":\"The bearer token cannot be checked right now. Retry shortly.\"}");
    }
}
