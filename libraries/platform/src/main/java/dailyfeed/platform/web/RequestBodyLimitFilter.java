package dailyfeed.platform.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies above the limit with 413 problem+json, without reading them whole: at once when the
 * {@code Content-Length} says so, else (a chunked body) as soon as reading passes the limit, by failing the read
 * with {@link RequestBodyTooLarge}, which {@link ProblemDetailsAdvice} answers with 413.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    /** Requests refused with 413, counted by every service and the gateway. */
    public static final String REFUSALS_METRIC = "dailyfeed.request.body.refusals";

    private final long limit;
    private final long discardLimit;
    private final Counter refusals;

    public RequestBodyLimitFilter(RequestBodySettings settings, MeterRegistry meters) {
        this.limit = settings.max().toBytes();
        this.discardLimit = settings.discardMax().toBytes();
        this.refusals = Counter.builder(REFUSALS_METRIC)
                .description("Requests refused with 413: a body larger than the limit")
                .register(meters);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            refusals.increment();
            writeTooLarge(response, limit);
            discardRest(request, response);
            return;
        }
        chain.doFilter(new LimitedBody(request, limit), response);
        if (RequestBodyTooLarge.refused(request, null)) {
            refusals.increment();
            discardRest(request, response);
        }
    }

    /**
     * Sends the 413, then reads what the client is still sending and throws it away (never keeping more than a
     * buffer), up to the discard limit. Closing with unread bytes would reset the connection, and the client, busy
     * sending, would lose the answer.
     */
    private void discardRest(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.flushBuffer();
        byte[] buffer = new byte[8192];
        long discarded = 0;
        try {
            var body = request.getInputStream();
            int n;
            while (discarded < discardLimit && (n = body.read(buffer)) >= 0) {
                discarded += n;
            }
        } catch (IOException e) {
            // the client gave up or the body is broken: nothing more to do for it
        }
    }

    private static String problemJson(long limit) {
        return "{\"type\":\"about:blank\",\"title\":\"Request body too large\",\"status\":413," + "\"detail\":\""
                + detail(limit) + "\"}";
    }

    static String detail(long limit) {
        return "The request body is larger than " + limit + " bytes; nothing was changed.";
    }

    private static void writeTooLarge(HttpServletResponse response, long limit) throws IOException {
        response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        // the rest of the body is not read: the connection is not worth keeping for it
        response.setHeader("Connection", "close");
        response.getOutputStream().write(problemJson(limit).getBytes(StandardCharsets.UTF_8));
    }

    private static final class LimitedBody extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        LimitedBody(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit, getRequest());
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream body;
        private final long limit;
        private final jakarta.servlet.ServletRequest request;
        private long read;

        CountingStream(ServletInputStream body, long limit, jakarta.servlet.ServletRequest request) {
            this.body = body;
            this.limit = limit;
            this.request = request;
        }

        @Override
        public int read() throws IOException {
            int b = body.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = body.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws RequestBodyTooLarge {
            read += n;
            if (read > limit) {
                RequestBodyTooLarge.mark(request, limit);
                throw new RequestBodyTooLarge(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return body.isFinished();
        }

        @Override
        public boolean isReady() {
            return body.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            body.setReadListener(listener);
        }

        @Override
        public int available() throws IOException {
            return body.available();
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}
