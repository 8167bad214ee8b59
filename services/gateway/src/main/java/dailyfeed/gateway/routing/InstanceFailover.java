package dailyfeed.gateway.routing;

import java.net.URI;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The gateway's proxy handler, sent to a service's instances in turn until one accepts the connection. A request's
 * body is read whole first ({@link RequestBodyReadWhole}): one too large is refused before anything is sent, and each
 * instance tried gets the whole body. Only connect failures move on to the next instance: the request was not sent.
 */
final class InstanceFailover implements HandlerFunction<ServerResponse> {

    private final ServiceInstances instances;
    private final HandlerFunction<ServerResponse> proxy;

    InstanceFailover(ServiceInstances instances, HandlerFunction<ServerResponse> proxy) {
        this.instances = instances;
        this.proxy = proxy;
    }

    @Override
    public ServerResponse handle(ServerRequest received) throws Exception {
        ServerRequest request = RequestBodyReadWhole.of(received);
        ResourceAccessException refused = null;
        for (URI instance : instances.inTurn()) {
            MvcUtils.setRequestUrl(request, instance);
            try {
                return proxy.handle(request);
            } catch (ResourceAccessException e) {
                if (!ServiceInstances.isConnectFailure(e)) {
                    throw e;
                }
                instances.refused(instance);
                refused = e;
            }
        }
        throw refused;
    }
}
