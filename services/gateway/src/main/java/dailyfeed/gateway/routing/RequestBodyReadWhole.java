package dailyfeed.gateway.routing;

import dailyfeed.platform.web.RequestBodyTooLarge;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * A proxied request whose body the gateway has read whole before forwarding any of it. The read goes through the body
 * limit ({@code RequestBodyLimitFilter}), so the body is at most the limit (64 KiB), or the read fails with {@code
 * RequestBodyTooLarge}, answered with 413, and nothing is sent: the forwarding client would otherwise end a body
 * stopped part-way as if it were complete, and the service would store its first 64 KiB.
 * <p>
 * The body is forwarded from memory with one {@code Content-Length} and no {@code Transfer-Encoding} (a proxy may turn
 * chunks into a length: the framing is hop-by-hop), and without {@code Expect}, whose {@code 100-continue} the gateway
 * has already answered by reading. Every {@link #getInputStream()} starts at the body's first byte, so a request sent
 * to the next instance after a refused connection ({@link InstanceFailover}) carries the whole body again.
 */
final class RequestBodyReadWhole extends HttpServletRequestWrapper {

    /** Headers about how the client sent the body (its framing, and whether it waited for 100), replaced by its length. */
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "expect");

    private final byte[] body;

    private RequestBodyReadWhole(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
    }

    /** {@code request} with its body read whole, or {@code request} itself if it has no body. */
    static ServerRequest of(ServerRequest request) throws IOException {
        HttpServletRequest servletRequest = request.servletRequest();
        if (!hasBody(servletRequest)) {
            return request;
        }
        byte[] body;
        try {
            body = servletRequest.getInputStream().readAllBytes();
        } catch (IOException e) {
            if (RequestBodyTooLarge.refused(servletRequest, e)) {
                throw e; // answered with 413
            }
            // the client stopped sending part-way (gone, or a broken chunk): its request, not the gateway, failed
            throw new HttpMessageNotReadableException(
                    "The request body could not be read whole", e, new ServletServerHttpRequest(servletRequest));
        }
        // Built anew from the servlet request, which holds the route's attributes (the target instance among them).
        // What a route's before filter changed in the ServerRequest alone would be lost: the routes that take bodies
        // have no such filter (the API docs' setPath is on a GET route).
        return ServerRequest.create(new RequestBodyReadWhole(servletRequest, body), request.messageConverters());
    }

    /** HTTP/1.1 says a request has a body if and only if it has a Content-Length or a Transfer-Encoding. */
    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    @Override
    public ServletInputStream getInputStream() {
        return new BodyStream(body);
    }

    @Override
    public BufferedReader getReader() {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    @Override
    public String getHeader(String name) {
        if (isContentLength(name)) {
            return Integer.toString(body.length);
        }
        return isFraming(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        if (isContentLength(name)) {
            return Collections.enumeration(List.of(Integer.toString(body.length)));
        }
        return isFraming(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public int getIntHeader(String name) {
        if (isContentLength(name)) {
            return body.length;
        }
        return isFraming(name) ? -1 : super.getIntHeader(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        for (Enumeration<String> all = super.getHeaderNames(); all.hasMoreElements(); ) {
            String name = all.nextElement();
            if (!isFraming(name)) {
                names.add(name);
            }
        }
        names.add(HttpHeaders.CONTENT_LENGTH);
        return Collections.enumeration(names);
    }

    private static boolean isContentLength(String name) {
        return HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name);
    }

    private static boolean isFraming(String name) {
        return FRAMING.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The body in memory, read on the request thread: always ready, never waits for a listener. */
    private static final class BodyStream extends ServletInputStream {

        private final ByteArrayInputStream bytes;

        BodyStream(byte[] body) {
            this.bytes = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return bytes.read(buffer, offset, length);
        }

        @Override
        public int available() {
            return bytes.available();
        }

        @Override
        public boolean isFinished() {
            return bytes.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new IllegalStateException("The body is already read; there is nothing to wait for");
        }
    }
}
