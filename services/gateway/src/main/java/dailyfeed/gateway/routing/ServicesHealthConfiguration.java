package dailyfeed.gateway.routing;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gateway's health indicator {@code services}: part of its health and of its readiness group. */
@Configuration(proxyBeanMethods = false)
class ServicesHealthConfiguration {

    @Bean
    ServicesReadiness servicesHealthIndicator(BackendInstances instances, ReadinessSettings settings) {
        return new ServicesReadiness(
                List.of(instances.memberService(), instances.contentService(), instances.activityService()),
                settings,
                System::nanoTime);
    }
}
