package dailyfeed.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.ResourceAccessException;

class ServiceInstancesTests {

    static final URI A = URI.create("http://localhost:1");
    static final URI B = URI.create("http://localhost:2");
    static final URI C = URI.create("http://localhost:3");

    final AtomicLong now = new AtomicLong();
    final ServiceInstances instances = new ServiceInstances("activity-service", List.of(A, B, C), now::get);

    @Test
    void startsEachRequestAtTheNextInstance() {
        assertThat(instances.inTurn()).containsExactly(A, B, C);
        assertThat(instances.inTurn()).containsExactly(B, C, A);
        assertThat(instances.inTurn()).containsExactly(C, A, B);
        assertThat(instances.inTurn()).containsExactly(A, B, C);
    }

    @Test
    void triesAnInstanceThatRefusedLastForAWhile() {
        instances.refused(A);

        assertThat(instances.inTurn()).containsExactly(B, C, A);
        assertThat(instances.inTurn()).containsExactly(B, C, A);

        now.addAndGet(ServiceInstances.REFUSED_FOR.toNanos());
        assertThat(instances.inTurn()).containsExactly(C, A, B);
    }

    @Test
    void triesAnInstanceThatIsNotReadyLastUntilItIsAgain() {
        instances.readiness(B, false);

        assertThat(instances.inTurn()).containsExactly(A, C, B);
        assertThat(instances.inTurn()).containsExactly(C, A, B);

        instances.readiness(B, true);
        assertThat(instances.inTurn()).containsExactly(C, A, B);
        assertThat(instances.inTurn()).containsExactly(A, B, C);
    }

    @Test
    void failsOverOnlyWhenTheConnectionWasNeverMade() {
        assertThat(ServiceInstances.isConnectFailure(new ResourceAccessException("x", new ConnectException())))
                .isTrue();
        assertThat(ServiceInstances.isConnectFailure(new CompletionException(new ConnectException())))
                .isTrue();
        assertThat(ServiceInstances.isConnectFailure(
                        new ResourceAccessException("read", new java.io.IOException("reset"))))
                .isFalse();
    }

    @Test
    void tellsTheRoutesClientsConnectFailuresFromFailuresAfterTheRequestWasSent() {
        // as Apache's classic client reports them, wrapped by the RestClient
        assertThat(ServiceInstances.isConnectFailure(new ResourceAccessException(
                        "refused", new HttpHostConnectException("Connect to http://127.0.0.1:1 failed"))))
                .isTrue();
        assertThat(ServiceInstances.isConnectFailure(
                        new ResourceAccessException("timeout", new ConnectTimeoutException("Connect timed out"))))
                .isTrue();
        assertThat(ServiceInstances.isConnectFailure(new ResourceAccessException(
                        "lost", new NoHttpResponseException("127.0.0.1:1 failed to respond"))))
                .isFalse();
        assertThat(ServiceInstances.isConnectFailure(
                        new ResourceAccessException("read timeout", new SocketTimeoutException("Read timed out"))))
                .isFalse();
    }
}
