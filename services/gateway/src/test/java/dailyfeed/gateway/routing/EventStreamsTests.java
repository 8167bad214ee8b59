package dailyfeed.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.util.unit.DataSize;

class EventStreamsTests {

    private EventStreams streams;
    private HttpServer service;

    @AfterEach
    void stop() {
        if (streams != null) {
            streams.destroy();
        }
        if (service != null) {
            service.stop(0);
        }
    }

    @Test
    void spreadsNewStreamsOverItsClientsInTurn() {
        streams = streams(3);

        var first = streams.client();
        var second = streams.client();
        var third = streams.client();

        assertThat(Set.of(first, second, third)).hasSize(3);
        assertThat(streams.client()).isSameAs(first);
    }

    @Test
    void relaysWhatItReadsOnTheClientsOwnSelectorThreadWithoutHandingItOver() throws Exception {
        var headersArrived = new CountDownLatch(1);
        service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        service.createContext("/stream", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0); // chunked
            try (OutputStream body = exchange.getResponseBody()) {
                // the events come once the caller's thread is done sending and waits: they are read as they arrive
                awaitQuietly(headersArrived);
                for (int i = 0; i < 3; i++) {
                    body.write(("data: " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
                    body.flush();
                }
            }
        });
        service.start();
        streams = streams(1);
        Set<String> readOn = ConcurrentHashMap.newKeySet();
        var request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + service.getAddress().getPort() + "/stream"))
                .build();

        streams.client()
                .sendAsync(request, answer -> {
                    headersArrived.countDown();
                    return HttpResponse.BodySubscribers.fromSubscriber(new ThreadRecorder(readOn));
                })
                .get(10, TimeUnit.SECONDS);

        // the JDK client names its selector thread "HttpClient-<n>-SelectorManager"; an executor's threads (as the
        // relay had: "gateway-stream-<n>") would be handed each chunk instead
        assertThat(readOn).isNotEmpty().allMatch(name -> name.endsWith("-SelectorManager"));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static EventStreams streams(int clientThreads) {
        var settings = new StreamSettings(
                DataSize.ofKilobytes(256), Duration.ofHours(1), clientThreads, Duration.ofSeconds(15));
        return new EventStreams(settings, HttpClientSettings.defaults(), new SimpleMeterRegistry());
    }

    /** Records the threads it is handed the body on. */
    private record ThreadRecorder(Set<String> threads) implements Flow.Subscriber<List<ByteBuffer>> {

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void onError(Throwable throwable) {}

        @Override
        public void onComplete() {}
    }
}
