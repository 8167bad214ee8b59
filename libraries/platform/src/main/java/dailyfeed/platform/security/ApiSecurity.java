package dailyfeed.platform.security;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;

/**
 * The settings every service's API filter chain shares: stateless bearer tokens, problem+json for 401/403, and a
 * 503 (not a 401) when a token cannot be checked because the signing keys cannot be fetched.
 */
public final class ApiSecurity {

    /** Endpoints anyone may read: health for orchestration, OpenAPI for the gateway's Swagger UI. */
    public static final String[] PUBLIC_ENDPOINTS = {
        "/actuator/health", "/actuator/health/**", "/actuator/info", "/v3/api-docs", "/v3/api-docs/**", "/error"
    };

    private ApiSecurity() {}

    /** Applies the shared settings; the caller adds its own authorization rules. */
    public static HttpSecurity statelessBearerApi(HttpSecurity http) throws Exception {
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults())
                        .authenticationEntryPoint(ProblemAuthenticationHandlers.entryPoint())
                        .accessDeniedHandler(ProblemAuthenticationHandlers.accessDeniedHandler())
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                                filter.setAuthenticationFailureHandler(ProblemAuthenticationHandlers.failureHandler());
                                return filter;
                            }
                        }))
                .exceptionHandling(
                        handling -> handling.authenticationEntryPoint(ProblemAuthenticationHandlers.entryPoint())
                                .accessDeniedHandler(ProblemAuthenticationHandlers.accessDeniedHandler()));
    }
}
