package dailyfeed.harness;

/** The gateway answered something else than the caller expected (another status, no answer, no JSON). */
public final class UnexpectedAnswer extends RuntimeException {

    private final transient Answer answer;

    UnexpectedAnswer(Answer answer, String expected) {
        super(answer.method() + " " + answer.target()
                + (answer.answered() ? " answered " + answer.status() : " got no answer") + " (expected " + expected
                + "): " + answer.body());
        this.answer = answer;
    }

    public Answer answer() {
        return answer;
    }
}
