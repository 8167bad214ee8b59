package dailyfeed.activity;

import dailyfeed.platform.security.ApiSecurity;
import dailyfeed.platform.security.Scopes;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Members read their feed with member tokens; services register activities with a service token carrying
 * {@code activities.write}, which is all it may do here.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

    @Bean
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http) throws Exception {
        return ApiSecurity.statelessBearerApi(http)
                .authorizeHttpRequests(requests -> requests
                        // the async dispatch that ends a stream continues a request already authorized
                        .dispatcherTypeMatchers(DispatcherType.ASYNC)
                        .permitAll()
                        .requestMatchers(ApiSecurity.PUBLIC_ENDPOINTS)
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/activities")
                        .hasAuthority(Scopes.ACTIVITIES_WRITE_AUTHORITY)
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
