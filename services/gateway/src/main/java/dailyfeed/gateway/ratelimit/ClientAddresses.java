package dailyfeed.gateway.ratelimit;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who a request comes from, for its buckets: the TCP peer. {@code X-Forwarded-For} is anyone's to write, so it counts
 * only when the peer is a trusted forwarder (a load balancer in front of the gateway); then the client is the nearest
 * address in it that is not itself trusted, the one the load balancer saw, which a client cannot choose.
 */
final class ClientAddresses {

    private final Pattern trustedForwarders;

    ClientAddresses(String trustedForwarders) {
        this.trustedForwarders =
                trustedForwarders == null || trustedForwarders.isBlank() ? null : Pattern.compile(trustedForwarders);
    }

    String of(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (trustedForwarders == null || !trusted(peer)) {
            return peer;
        }
        List<String> forwarded = forwardedFor(request);
        // right to left: each hop appends the address it saw, so the rightmost untrusted one is the client
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            if (!trusted(forwarded.get(i))) {
                return forwarded.get(i);
            }
        }
        return forwarded.isEmpty() ? peer : forwarded.get(0);
    }

    private boolean trusted(String address) {
        return trustedForwarders.matcher(address).matches();
    }

    private static List<String> forwardedFor(HttpServletRequest request) {
        List<String> addresses = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders("X-Forwarded-For"))) {
            for (String address : header.split(",")) {
                if (!address.isBlank()) {
                    addresses.add(address.trim());
                }
            }
        }
        return addresses;
    }
}
