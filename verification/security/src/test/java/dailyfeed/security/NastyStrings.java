package dailyfeed.security;

import java.util.List;

/** The hand list: text that has broken real systems. Each is sent as a field value of every text field. */
final class NastyStrings {

    /** Valid Unicode that a faithful system stores and gives back unchanged. */
    static final List<String> STORABLE = List.of(
            "😀",
            "👩‍👩‍👧‍👦 family (ZWJ sequence)",
            "🏳️‍🌈",
            "🇰🇷🇺🇦",
            "\uD83E\uDD37\uD83C\uDFFD\u200D\u2640\uFE0F",
            "\u202Eevil right-to-left override\u202C",
            "שלום עולם",
            "مرحبا بالعالم",
            "\u200F\u200E\u061C marks",
            "e\u0301\u0301\u0301 combining",
            "Z\u0351\u036B\u0343\u036A\u0302\u036B\u033D\u034F\u0334\u0319a\u0337\u0321lgo",
            "\u00A0non-breaking\u2003em space",
            "\uFEFFbyte order mark",
            "\u200B zero width",
            "\uFFFD replacement",
            "\uFFFF non-character",
            "\uD800\uDC00 first astral",
            "\uDBFF\uDFFF last code point",
            "tab\there\r\nCRLF\nLF\u0085NEL\u2028LS\u2029PS",
            "\u0001\u0002\u001F\u007F controls",
            "' OR '1'='1",
            "'; DROP TABLE posts; --",
            "\" OR \"\"=\"",
            "1; SELECT pg_sleep(5)--",
            "admin'--",
            "' UNION SELECT password_hash FROM members --",
            "$$; SELECT 1; $$",
            "E'\\x00'",
            "%' AND 1=1 AND '%'='",
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "\"><svg/onload=alert(1)>",
            "javascript:alert(1)",
            "<!--",
            "]]>",
            "&lt;&amp;&#0;&#x0;",
            "{{7*7}}",
            "${7*7}",
            "#{7*7}",
            "%s%s%s%n",
            "\\u0000 literal backslash-u",
            "\\",
            "\"",
            "'",
            "`",
            "../../etc/passwd",
            "null",
            "undefined",
            "NaN",
            "true",
            "0",
            "-1",
            "1e309",
            "[]",
            "{}",
            "\u0130\u0131 dotted I",
            "ß ﬁ ligature",
            "ǅ titlecase",
            "𝕿𝖊𝖘𝖙 math",
            "ｆｕｌｌｗｉｄｔｈ",
            "한국어 日本語 中文",
            "Ἀθῆναι",
            "\u0D9A\u0DCA\u200D\u0DBB\u0DD3 sinhala");

    /** Text no system can store and give back exactly; it must be a 400, never a 500 or a changed text. */
    static final List<String> UNSTORABLE = List.of(
            "\u0000", "NUL\u0000inside", "\uD800", "lone high \uD83D", "\uDC00 lone low", "reversed pair \uDE00\uD83D");

    private NastyStrings() {}
}
