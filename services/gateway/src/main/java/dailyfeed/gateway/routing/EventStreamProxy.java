package dailyfeed.gateway.routing;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter;
import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter.RequestHttpHeadersFilter;
import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter.ResponseHttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Proxies event streams without holding a request thread while they are open: the request is put in servlet async
 * mode, sent with the JDK client's {@code sendAsync}, and the answer relayed by an {@link EventStreamRelay}. The
 * request thread returns as soon as the request is sent. Headers are filtered by the same gateway filters as on the
 * other routes (hop-by-hop headers removed, {@code X-Forwarded-*} added for trusted proxies), so {@code
 * Authorization}, {@code Last-Event-ID} and {@code Accept} pass through; the service's status, headers and body
 * come back unchanged, whatever the status. The security filter chain has checked the token before: nothing here
 * needs the security context, and no async dispatch follows (the response is completed, never dispatched again).
 * The JDK client is not observed as the routes' client is, so the request's span context is written into the
 * forwarded headers here ({@code traceparent}): the service's side of the stream stays in the gateway's trace.
 */
@Component
class EventStreamProxy implements HandlerFunction<ServerResponse> {

    /** Set by the JDK client itself, which refuses them from the caller. */
    private static final Set<String> SET_BY_THE_CLIENT =
            Set.of("host", "connection", "content-length", "expect", "upgrade");

    private final ServiceInstances service;
    private final EventStreams streams;
    private final StreamSettings settings;
    private final ObjectProvider<RequestHttpHeadersFilter> requestFilters;
    private final ObjectProvider<ResponseHttpHeadersFilter> responseFilters;
    private final Tracer tracer;
    private final Propagator propagator;

    EventStreamProxy(
            BackendInstances instances,
            EventStreams streams,
            StreamSettings settings,
            ObjectProvider<RequestHttpHeadersFilter> requestFilters,
            ObjectProvider<ResponseHttpHeadersFilter> responseFilters,
            Tracer tracer,
            Propagator propagator) {
        this.service = instances.activityService();
        this.streams = streams;
        this.settings = settings;
        this.requestFilters = requestFilters;
        this.responseFilters = responseFilters;
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public ServerResponse handle(ServerRequest request) {
        HttpHeaders headers =
                HttpHeaders.copyOf(filter(requestFilters, request.headers().asHttpHeaders(), request));
        TraceContext trace = tracer.currentTraceContext().context();
        if (trace != null) {
            propagator.inject(trace, headers, HttpHeaders::set);
        }
        HttpServletRequest servletRequest = request.servletRequest();
        // as received, still encoded: the service sees the very path and query the client sent
        String pathAndQuery = servletRequest.getRequestURI()
                + (servletRequest.getQueryString() == null ? "" : "?" + servletRequest.getQueryString());
        List<HttpMessageConverter<?>> converters = request.messageConverters();
        return ServerResponse.ok().build((ignoredRequest, ignoredResponse) -> {
            AsyncContext async = servletRequest.startAsync();
            async.setTimeout(settings.timeout().toMillis());
            var relay = new EventStreamRelay(async, settings.maxPendingBytes().toBytes(), streams);
            relay.listen();
            if (!streams.add(relay)) {
                relay.unanswered(
                        unavailableHead(),
                        unavailableBody(
                                new ResourceAccessException("The gateway is stopping"),
                                servletRequest.getRequestURI(),
                                converters));
                return null;
            }
            connect(relay, request.method().name(), pathAndQuery, headers, converters, service.inTurn(), 0);
            return null;
        });
    }

    /** Sends the request to {@code candidates[attempt]}, or to the next candidate if that one refuses the connection. */
    private void connect(
            EventStreamRelay relay,
            String method,
            String pathAndQuery,
            HttpHeaders headers,
            List<HttpMessageConverter<?>> converters,
            List<URI> candidates,
            int attempt) {
        URI instance = candidates.get(attempt);
        HttpRequest request = request(instance, method, pathAndQuery, headers);
        var exchange = streams.client().sendAsync(request, answer -> relay.answered(head(answer)));
        relay.exchange(exchange);
        exchange.whenComplete((response, failure) -> {
            if (failure == null || relay.hasEnded()) {
                return;
            }
            if (ServiceInstances.isConnectFailure(failure)) {
                service.refused(instance);
                if (attempt + 1 < candidates.size()) {
                    connect(relay, method, pathAndQuery, headers, converters, candidates, attempt + 1);
                    return;
                }
            }
            // no answer at all, as on the other routes: 503
            var unreachable = new ResourceAccessException(
                    "I/O error on " + method + " request for \"" + request.uri() + "\": " + failure.getMessage(),
                    failure instanceof IOException io ? io : new IOException(failure));
            relay.unanswered(
                    unavailableHead(), unavailableBody(unreachable, pathAndQuery.split("\\?", 2)[0], converters));
        });
    }

    private static HttpRequest request(URI instance, String method, String pathAndQuery, HttpHeaders headers) {
        var request = HttpRequest.newBuilder(
                        URI.create(instance.getScheme() + "://" + instance.getRawAuthority() + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach((name, values) -> {
            if (!SET_BY_THE_CLIENT.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return request.build();
    }

    private EventStreamRelay.Head head(HttpResponse.ResponseInfo answer) {
        var headers = new HttpHeaders();
        answer.headers().map().forEach(headers::addAll);
        var forFilters = ServerResponse.status(answer.statusCode())
                .headers(h -> h.addAll(headers))
                .build();
        return new EventStreamRelay.Head(answer.statusCode(), filter(responseFilters, headers, forFilters));
    }

    private static EventStreamRelay.Head unavailableHead() {
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.set(HttpHeaders.RETRY_AFTER, BackendUnavailableAdvice.RETRY_AFTER);
        return new EventStreamRelay.Head(HttpStatus.SERVICE_UNAVAILABLE.value(), headers);
    }

    /** The problem the other routes answer with ({@link BackendUnavailableAdvice}), written as MVC writes it. */
    @SuppressWarnings("unchecked")
    private static byte[] unavailableBody(Exception failure, String path, List<HttpMessageConverter<?>> converters) {
        ProblemDetail problem = BackendUnavailableAdvice.unavailable(failure);
        problem.setInstance(URI.create(path)); // as MVC does for the other routes' problems
        var message = new BufferedMessage();
        for (HttpMessageConverter<?> converter : converters) {
            if (converter.canWrite(ProblemDetail.class, MediaType.APPLICATION_PROBLEM_JSON)) {
                try {
                    ((HttpMessageConverter<Object>) converter)
                            .write(problem, MediaType.APPLICATION_PROBLEM_JSON, message);
                } catch (IOException e) {
                    throw new IllegalStateException(e); // written to memory
                }
                return message.body.toByteArray();
            }
        }
        throw new IllegalStateException("No converter writes " + MediaType.APPLICATION_PROBLEM_JSON);
    }

    private static <T> HttpHeaders filter(
            ObjectProvider<? extends HttpHeadersFilter<T>> filters, HttpHeaders headers, T subject) {
        HttpHeaders filtered = headers;
        for (HttpHeadersFilter<T> filter : filters.orderedStream().toList()) {
            filtered = filter.apply(filtered, subject);
        }
        return filtered;
    }

    private static final class BufferedMessage implements HttpOutputMessage {

        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final HttpHeaders headers = new HttpHeaders();

        @Override
        public OutputStream getBody() {
            return body;
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }
    }
}
