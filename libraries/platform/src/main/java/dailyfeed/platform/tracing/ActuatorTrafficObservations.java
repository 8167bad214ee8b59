package dailyfeed.platform.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Leaves the probes and scrapes out of the traces and the request metrics: the launcher's and Kubernetes' health
 * polls, the gateway's readiness probes of the services behind it and Prometheus' scrapes come every few seconds and
 * would bury the writes' traces under traces of their own. Everything observed while a request to {@code /actuator/**}
 * is served is left out, not only the request itself: Spring Security's filter-chain observations of such a request
 * would otherwise each become a trace without a parent. Calls to another process' {@code /actuator/**} too.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ObservationPredicate.class, ServerRequestObservationContext.class})
public class ActuatorTrafficObservations {

    static final String ACTUATOR = "/actuator";

    @Bean
    ObservationPredicate actuatorTrafficUnobserved() {
        return (name, context) -> !aboutActuator(context);
    }

    static boolean aboutActuator(Observation.Context context) {
        if (context instanceof ServerRequestObservationContext served) {
            // the server observation starts before the request is bound to the thread (its filter runs first)
            return isActuator(served.getCarrier().getRequestURI());
        }
        if (context instanceof ClientRequestObservationContext called
                && called.getCarrier() != null
                && isActuator(called.getCarrier().getURI().getPath())) {
            return true;
        }
        // anything else observed while this thread serves a request (Boot's RequestContextFilter binds it before
        // Spring Security's filters run)
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                && isActuator(request.getRequest().getRequestURI());
    }

    static boolean isActuator(String path) {
        return path != null && (path.equals(ACTUATOR) || path.startsWith(ACTUATOR + "/"));
    }
}
