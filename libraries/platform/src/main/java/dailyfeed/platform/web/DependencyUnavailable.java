package dailyfeed.platform.web;

/** A dependency the request needs is down; answered as 503 so the client retries. Nothing was committed. */
public class DependencyUnavailable extends RuntimeException {

    public DependencyUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
