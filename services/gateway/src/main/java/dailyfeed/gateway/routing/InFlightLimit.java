package dailyfeed.gateway.routing;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Sheds load instead of queueing it: a service's proxied requests in flight are bounded
 * ({@link InFlightSettings}), and a request beyond the bound that does not get a place within a short wait is answered
 * 503 with {@code Retry-After}.
 *
 * <p>Why at all: requests the services cannot keep up with would otherwise wait, each holding one of Tomcat's request
 * threads, and the connections behind them wait in Tomcat's unbounded task queue, which also carries every other
 * piece of work of the container — the live streams' "the client can take more" included. A write rate beyond what
 * the services take then delays every answer by the whole queue (tens of seconds), and the streams stop moving until
 * the gateway drops them as stalled and their clients are told to reload. With the bound, the threads beyond it wait
 * briefly, then answer 503: they turn over quickly, the queue stays short, what is accepted is answered in time and
 * the open streams keep flowing.
 *
 * <p>The permit covers the exchange until the service's status and headers arrived — the wait the bound is for; the
 * body is copied to the client after the handler returned.
 */
final class InFlightLimit implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private final String service;
    private final Bulkhead bulkhead;
    private final Counter shed;

    private InFlightLimit(String service, Bulkhead bulkhead, Counter shed) {
        this.service = service;
        this.bulkhead = bulkhead;
        this.shed = shed;
    }

    static InFlightLimit of(ServiceInstances instances, InFlightSettings settings, MeterRegistry meters) {
        String service = instances.service();
        int limit = settings.perServiceInstance() * instances.all().size();
        Bulkhead bulkhead = Bulkhead.of(
                service,
                BulkheadConfig.custom()
                        .maxConcurrentCalls(limit)
                        .maxWaitDuration(settings.maxWait())
                        .build());
        Gauge.builder("dailyfeed.gateway.requests.in.flight", bulkhead, InFlightLimit::inFlight)
                .description("Proxied requests waiting for the service's answer")
                .tag("service", service)
                .register(meters);
        Gauge.builder("dailyfeed.gateway.requests.in.flight.limit", () -> limit)
                .description("At most this many proxied requests in flight; the next is answered 503")
                .tag("service", service)
                .register(meters);
        Counter shed = Counter.builder("dailyfeed.gateway.requests.shed")
                .description("Requests answered 503 because the service had as many in flight as allowed")
                .tag("service", service)
                .register(meters);
        return new InFlightLimit(service, bulkhead, shed);
    }

    @Override
    public ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next) throws Exception {
        if (!bulkhead.tryAcquirePermission()) {
            shed.increment();
            return busy();
        }
        try {
            return next.handle(request);
        } finally {
            bulkhead.onComplete();
        }
    }

    private ServerResponse busy() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                service + " is busy: it has as many requests in flight as this gateway lets it have. Retry shortly.");
        // set explicitly: the default about:blank is left out of the JSON, and the contract promises a type
        problem.setType(URI.create("about:blank"));
        problem.setTitle("Service busy");
        return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, BackendUnavailableAdvice.RETRY_AFTER)
                .body(problem);
    }

    private static double inFlight(Bulkhead bulkhead) {
        Bulkhead.Metrics metrics = bulkhead.getMetrics();
        return metrics.getMaxAllowedConcurrentCalls() - metrics.getAvailableConcurrentCalls();
    }
}
