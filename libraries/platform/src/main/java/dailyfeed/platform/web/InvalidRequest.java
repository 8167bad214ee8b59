package dailyfeed.platform.web;

/** A request field broke a rule that annotations cannot express; answered as 400 with that field in {@code errors}. */
public class InvalidRequest extends RuntimeException {

    private final String field;

    public InvalidRequest(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
