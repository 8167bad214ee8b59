package dailyfeed.gateway.security;

import dailyfeed.platform.security.ApiSecurity;
import dailyfeed.platform.security.Scopes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Checks bearer tokens at the edge, so a request without a valid one never reaches a service. Any valid
 * dailyfeed token passes: which scope may do what is each service's decision. Keys that cannot be fetched give
 * a 503 (see {@link ApiSecurity}).
 */
@Configuration(proxyBeanMethods = false)
class GatewaySecurityConfiguration {

    @Bean
    SecurityFilterChain gatewaySecurityFilterChain(HttpSecurity http) throws Exception {
        return ApiSecurity.statelessBearerApi(http)
                .authorizeHttpRequests(requests -> requests
                        // sign-up and login are how a client gets its first token
                        .requestMatchers(HttpMethod.POST, "/api/members", "/api/auth/login")
                        .permitAll()
                        // the authorization server authenticates its clients itself (HTTP Basic), and keys are public
                        .requestMatchers("/oauth2/**", "/.well-known/**")
                        .permitAll()
                        .requestMatchers(ApiSecurity.PUBLIC_ENDPOINTS)
                        .permitAll()
                        .requestMatchers("/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/", "/index.html", "/assets/**", "/favicon.ico")
                        .permitAll()
                        .requestMatchers("/api/**")
                        .authenticated()
                        // metrics and prometheus are for operators only; health and info are public (above)
                        .requestMatchers("/actuator/**")
                        .hasAuthority(Scopes.OPERATIONS_AUTHORITY)
                        .anyRequest()
                        .denyAll())
                .build();
    }
}
