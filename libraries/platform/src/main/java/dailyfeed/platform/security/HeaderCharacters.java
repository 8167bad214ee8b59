package dailyfeed.platform.security;

import java.util.function.Predicate;

/**
 * The header names and values Spring Security's {@code StrictHttpFirewall} lets through, decided a character at a
 * time instead of by its regular expressions: a name is made of assigned, non-control code points; a value too, or
 * tabs. The firewall checks a header every time the request is asked for it — the bearer token's resolver, the
 * gateway's header filters, the services' own reads — and its patterns ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*})
 * walked each of a token's some 700 characters through a chain of composed character predicates: 5–6 % of the
 * gateway's and content-service's CPU per post (docs/benchmarks.md). Same answers as the library's own firewall, by a
 * test over every code point of the basic plane and every 31st beyond it ({@code HeaderCharactersTests}).
 */
final class HeaderCharacters {

    static final Predicate<String> NAMES = name -> allAllowed(name, false);
    static final Predicate<String> VALUES = value -> allAllowed(value, true);

    private HeaderCharacters() {}

    private static boolean allAllowed(String text, boolean tabAllowed) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tabAllowed && codePoint == '\t'))) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
