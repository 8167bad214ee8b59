package dailyfeed.gateway.routing;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.setPath;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.cloud.gateway.server.mvc.predicate.GatewayRequestPredicates.path;

import java.net.URI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Which path goes to which service. Requests and responses pass through unchanged (method, path, query, body,
 * end-to-end headers, status); streaming media types such as {@code text/event-stream} are flushed as they arrive.
 */
@Configuration(proxyBeanMethods = false)
class Routes {

    @Bean
    RouterFunction<ServerResponse> memberServiceRoutes(Backends backends) {
        return proxy("member-service", backends.memberService(),
                "/api/members/**", "/api/auth/**", "/oauth2/**", "/.well-known/**");
    }

    @Bean
    RouterFunction<ServerResponse> contentServiceRoutes(Backends backends) {
        return proxy("content-service", backends.contentService(), "/api/posts/**", "/api/comments/**");
    }

    @Bean
    RouterFunction<ServerResponse> activityServiceRoutes(Backends backends) {
        return proxy("activity-service", backends.activityService(), "/api/activities/**");
    }

    /** Each service's OpenAPI description under a name of its own, for Swagger UI's service picker. */
    @Bean
    RouterFunction<ServerResponse> apiDocsRoutes(Backends backends) {
        return apiDocs("member", backends.memberService())
                .and(apiDocs("content", backends.contentService()))
                .and(apiDocs("activity", backends.activityService()));
    }

    private static RouterFunction<ServerResponse> proxy(String routeId, URI backend, String... paths) {
        return route(routeId)
                .route(path(paths), http())
                .before(uri(backend))
                .build();
    }

    private static RouterFunction<ServerResponse> apiDocs(String service, URI backend) {
        return route(service + "-api-docs")
                .GET("/v3/api-docs/" + service, http())
                .before(uri(backend))
                .before(setPath("/v3/api-docs"))
                .build();
    }
}
