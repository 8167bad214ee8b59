package dailyfeed.gateway.routing;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.setPath;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.cloud.gateway.server.mvc.predicate.GatewayRequestPredicates.path;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Which path goes to which service. Requests and responses pass through unchanged (method, path, query, body,
 * end-to-end headers, status). Each service may have several instances, taken in turn ({@link ServiceInstances}).
 * Event streams take their own, asynchronous path ({@link EventStreamProxy}); every other request counts against its
 * service's bound on requests in flight ({@link InFlightLimit}).
 */
@Configuration(proxyBeanMethods = false)
class Routes {

    static final String FOLLOWINGS_STREAM = "/api/activities/followings/stream";

    @Bean
    BackendInstances backendInstances(Backends backends) {
        return BackendInstances.of(backends);
    }

    @Bean
    RouterFunction<ServerResponse> memberServiceRoutes(
            BackendInstances instances, InFlightSettings inFlight, MeterRegistry meters) {
        return proxy(
                "member-service",
                InFlightLimit.of(instances.memberService(), inFlight, meters),
                instances.memberService(),
                "/api/members/**",
                "/api/auth/**",
                "/oauth2/**",
                "/.well-known/**");
    }

    @Bean
    RouterFunction<ServerResponse> contentServiceRoutes(
            BackendInstances instances, InFlightSettings inFlight, MeterRegistry meters) {
        return proxy(
                "content-service",
                InFlightLimit.of(instances.contentService(), inFlight, meters),
                instances.contentService(),
                "/api/posts/**",
                "/api/comments/**");
    }

    /** The activity routes, event streams first: they must not reach the blocking proxy, which holds a thread. */
    @Bean
    RouterFunction<ServerResponse> activityServiceRoutes(
            BackendInstances instances,
            EventStreamProxy eventStreams,
            InFlightSettings inFlight,
            MeterRegistry meters) {
        return route("activity-service-event-stream")
                .route(eventStreamRequests(), eventStreams)
                .build()
                .and(proxy(
                        "activity-service",
                        InFlightLimit.of(instances.activityService(), inFlight, meters),
                        instances.activityService(),
                        "/api/activities/**"));
    }

    /** Each service's OpenAPI description under a name of its own, for Swagger UI's service picker. */
    @Bean
    RouterFunction<ServerResponse> apiDocsRoutes(BackendInstances instances) {
        return apiDocs("member", instances.memberService())
                .and(apiDocs("content", instances.contentService()))
                .and(apiDocs("activity", instances.activityService()));
    }

    /**
     * The live stream by its path, and any other activity path a client explicitly asks for as
     * {@code text/event-stream}: such a response may stay open for as long as the client listens, so it must not
     * hold a request thread. A wildcard {@code Accept} does not count, or every ordinary request would match.
     */
    static RequestPredicate eventStreamRequests() {
        RequestPredicate asksForEventStream = request ->
                request.headers().accept().stream().anyMatch(MediaType.TEXT_EVENT_STREAM::equalsTypeAndSubtype);
        return RequestPredicates.method(HttpMethod.GET)
                .and(RequestPredicates.path(FOLLOWINGS_STREAM)
                        .or(RequestPredicates.path("/api/activities/**").and(asksForEventStream)));
    }

    private static RouterFunction<ServerResponse> proxy(
            String routeId, InFlightLimit inFlight, ServiceInstances instances, String... paths) {
        return route(routeId)
                .route(path(paths), new InstanceFailover(instances, http()))
                .filter(inFlight)
                .build();
    }

    private static RouterFunction<ServerResponse> apiDocs(String service, ServiceInstances instances) {
        return route(service + "-api-docs")
                .GET("/v3/api-docs/" + service, new InstanceFailover(instances, http()))
                .before(setPath("/v3/api-docs"))
                .build();
    }
}
