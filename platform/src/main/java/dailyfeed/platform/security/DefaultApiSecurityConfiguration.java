package dailyfeed.platform.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** A service without its own filter chain gets this one: members' tokens for {@code /api/**}, public health. */
// Evaluated before Boot's own security auto-configurations, whose default chains back off when this one exists.
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class DefaultApiSecurityConfiguration {

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http) throws Exception {
        return ApiSecurity.statelessBearerApi(http)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(ApiSecurity.PUBLIC_ENDPOINTS).permitAll()
                        .requestMatchers("/api/**").hasAuthority(Scopes.MEMBER_AUTHORITY)
                        .anyRequest().denyAll())
                .build();
    }
}
