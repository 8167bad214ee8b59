package dailyfeed.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/** The firewall with {@link HeaderCharacters} refuses exactly the header names and values Spring Security's does. */
class HeaderCharactersTests {

    private final HttpFirewall library = new StrictHttpFirewall();
    private final HttpFirewall ours = new HeaderCheckingFirewallConfiguration().httpFirewall();

    /** Every code point of the basic plane, every 31st beyond it, and the cases a regex and a loop could read apart. */
    private static List<String> texts() {
        List<String> texts = new ArrayList<>();
        IntStream.concat(IntStream.range(0, 0x10000), IntStream.iterate(0x10000, cp -> cp <= 0x10FFFF, cp -> cp + 31))
                .forEach(codePoint -> texts.add("a" + Character.toString(codePoint) + "b"));
        texts.addAll(List.of(
                "",
                "\t",
                "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiI3In0.c2ln",
                "x\uD800",
                "\uDC00x",
                "\uD83D\uDE00",
                "a\u0085b",
                "a\u007Fb",
                "caf\u00E9 \u00A0\u00FF",
                "\u0378"));
        return texts;
    }

    @Test
    void refusesTheHeaderValuesTheLibrarysFirewallRefusesAndNoOthers() {
        List<String> texts = texts();
        int refused = 0;
        for (String value : texts) {
            boolean libraryRefuses = refuses(library, "X-Test", value);
            assertThat(refuses(ours, "X-Test", value))
                    .as("value %s", value.codePoints().boxed().toList())
                    .isEqualTo(libraryRefuses);
            refused += libraryRefuses ? 1 : 0;
        }
        // the comparison covers both answers: C0 and C1 controls and unassigned code points are refused, tabs are not
        assertThat(refused).isBetween(1_000, texts.size() - 1_000);
        assertThat(refuses(ours, "X-Test", "a\tb")).isFalse();
        assertThat(refuses(ours, "X-Test", "a\u0085b")).isTrue();
    }

    @Test
    void refusesTheHeaderNamesTheLibrarysFirewallRefusesAndNoOthers() {
        for (String name : texts()) {
            if (name.isEmpty()) {
                continue; // a request cannot carry a header without a name
            }
            assertThat(refuses(ours, name, "v"))
                    .as("name %s", name.codePoints().boxed().toList())
                    .isEqualTo(refuses(library, name, "v"));
        }
        assertThat(refuses(ours, "a\tb", "v")).isTrue();
    }

    @Test
    void everyServiceGetsTheFirewallUnlessItHasItsOwn() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(HeaderCheckingFirewallConfiguration.class));
        runner.run(context -> assertThat(context.getBean(HttpFirewall.class)).isInstanceOf(StrictHttpFirewall.class));
        HttpFirewall own = new StrictHttpFirewall();
        runner.withBean(HttpFirewall.class, () -> own)
                .run(context -> assertThat(context.getBean(HttpFirewall.class)).isSameAs(own));
    }

    private static boolean refuses(HttpFirewall firewall, String name, String value) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/posts");
        request.addHeader(name, value);
        HttpServletRequest checked = firewall.getFirewalledRequest(request);
        try {
            checked.getHeader(name);
            return false;
        } catch (RequestRejectedException refused) {
            return true;
        }
    }
}
