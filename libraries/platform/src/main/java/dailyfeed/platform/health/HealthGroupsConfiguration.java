package dailyfeed.platform.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.context.annotation.Bean;

/** Every service's and the gateway's health groups, answering at their paths and unlisted in the health body. */
@AutoConfiguration
@ConditionalOnClass(HealthEndpointGroupsPostProcessor.class)
public class HealthGroupsConfiguration {

    @Bean
    HealthEndpointGroupsPostProcessor unlistedHealthGroups() {
        return new UnlistedHealthGroups();
    }
}
