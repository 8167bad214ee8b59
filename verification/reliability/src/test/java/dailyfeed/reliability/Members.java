package dailyfeed.reliability;

import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import java.util.List;
import java.util.stream.IntStream;

/** The suite's members: named by the run, all with one password; fails unless sign-up and login succeed. */
final class Members {

    static final String PASSWORD = "reliability-password";

    private Members() {}

    static Member signUp(GatewayClient gateway, String handle) {
        return gateway.signUp(handle, "Member " + handle, PASSWORD);
    }

    /** {@code count} members {@code <prefix>_0 ...}. */
    static List<Member> signUp(GatewayClient gateway, String prefix, int count) {
        List<String> handles =
                IntStream.range(0, count).mapToObj(i -> prefix + "_" + i).toList();
        return gateway.signUpAll(handles, handle -> "Member " + handle, PASSWORD);
    }
}
