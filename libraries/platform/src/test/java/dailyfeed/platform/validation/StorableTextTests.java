package dailyfeed.platform.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StorableTextTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "plain",
                "😀 emoji (a surrogate pair)",
                "\u202Eright-to-left\u202C",
                "e\u0301 combining",
                "\uD83D\uDE00\uD83D\uDE00",
                "tab\tnew line\n\u0001 other controls",
                "\uFFFF non-character"
            })
    void textPostgresqlStoresExactlyIsStorable(String text) {
        assertThat(StorableText.Validator.isStorable(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\u0000",
                "a\u0000b",
                "lone high \uD800",
                "\uDC00 lone low",
                "reversed \uDE00\uD83D",
                "high at the end \uD83D",
                "😀\uD800"
            })
    void nulAndUnpairedSurrogatesAreNot(String text) {
        assertThat(StorableText.Validator.isStorable(text)).isFalse();
    }
}
