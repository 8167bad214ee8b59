package dailyfeed.launcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A tiny `--name value` / `--flag` parser shared by the mains; it rejects anything it does not know. */
final class Options {

    private Options() {}

    /**
     * Parses {@code args} into option name (without dashes) to value; flags map to {@code "true"}.
     * Accepts both {@code --port 8080} and {@code --port=8080}.
     *
     * @throws IllegalArgumentException with a message fit for the user when an option is unknown or lacks a value
     */
    static Map<String, String> parse(List<String> args, Set<String> valued, Set<String> flags) {
        Map<String, String> result = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String inlineValue = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                inlineValue = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (flags.contains(name)) {
                if (inlineValue != null) {
                    throw new IllegalArgumentException("option --" + name + " takes no value");
                }
                result.put(name, "true");
            } else if (valued.contains(name)) {
                String value = inlineValue;
                if (value == null) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new IllegalArgumentException("option --" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                result.put(name, value);
            } else {
                throw new IllegalArgumentException("unknown option '--" + name + "'");
            }
        }
        return result;
    }

    /** Parses a TCP port; {@code source} names the flag or variable it came from, for the error message. */
    static int port(String source, String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through to the common message
        }
        throw new IllegalArgumentException(source + ": '" + value + "' is not a port number (1-65535)");
    }
}
