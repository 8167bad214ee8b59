package dailyfeed.content;

import dailyfeed.platform.security.ApiSecurity;
import dailyfeed.platform.security.Scopes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Members' tokens for the API; operators' service tokens (scope {@code operations}) for actuator writes such as a
 * dead-letter redrive. Reading actuator endpoints is open, as in member-service, for monitoring.
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
                        .requestMatchers(HttpMethod.GET, "/actuator/**")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .hasAuthority(Scopes.OPERATIONS_AUTHORITY)
                        .anyRequest()
                        .denyAll())
                .build();
    }
}
