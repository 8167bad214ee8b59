package dailyfeed.events;

/** Shortens user text to a banner-sized summary without splitting a character. */
public final class Summaries {

    private Summaries() {}

    /** Collapses whitespace and cuts to {@link ActivityEvent#SUMMARY_MAX_LENGTH} code points, adding an ellipsis. */
    public static String shorten(String text) {
        if (text == null) {
            return "";
        }
        String collapsed = text.strip().replaceAll("\\s+", " ");
        int max = ActivityEvent.SUMMARY_MAX_LENGTH;
        if (collapsed.codePointCount(0, collapsed.length()) <= max) {
            return collapsed;
        }
        int end = collapsed.offsetByCodePoints(0, max - 1);
        return collapsed.substring(0, end) + "…";
    }
}
