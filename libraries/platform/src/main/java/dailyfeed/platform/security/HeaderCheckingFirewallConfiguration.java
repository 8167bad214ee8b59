package dailyfeed.platform.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall, as by default in every rule, with its header checks made by
 * {@link HeaderCharacters} instead of regular expressions (they run on every read of a header). Spring Security's
 * {@code WebSecurity} takes the application's {@link HttpFirewall} bean when there is one.
 */
@AutoConfiguration
@ConditionalOnClass(StrictHttpFirewall.class)
public class HeaderCheckingFirewallConfiguration {

    @Bean
    @ConditionalOnMissingBean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(HeaderCharacters.NAMES);
        firewall.setAllowedHeaderValues(HeaderCharacters.VALUES);
        return firewall;
    }
}
