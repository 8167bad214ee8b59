package dailyfeed.content;

import dailyfeed.platform.security.ApiSecurity;
import dailyfeed.platform.security.Scopes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Members' tokens for the API; operators' service tokens (scope {@code operations}) for every actuator endpoint but
 * health and info: metrics, prometheus, and the dead letters and their redrive.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain apiChain(HttpSecurity http) throws Exception {
        return ApiSecurity.statelessBearerApi(http)
                .authorizeHttpRequests(requests -> requests.requestMatchers(ApiSecurity.PUBLIC_ENDPOINTS)
                        .permitAll()
                        .requestMatchers("/api/**")
                        .hasAuthority(Scopes.MEMBER_AUTHORITY)
                        // metrics, prometheus and dead letters (which quote error texts) are for operators
                        .requestMatchers("/actuator/**")
                        .hasAuthority(Scopes.OPERATIONS_AUTHORITY)
                        .anyRequest()
                        .denyAll())
                .build();
    }
}
