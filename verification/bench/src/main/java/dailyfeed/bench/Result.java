package dailyfeed.bench;

/**
 * One line of the results: a measured value beside its baseline (or the target's limit) and whether the target is
 * met. {@code ratio} is oriented as {@code target} reads (for example "product / naive", "with / without").
 * {@code met} is null for a line given as context, without a target of its own.
 */
record Result(
        String figure,
        String name,
        double value,
        String unit,
        String baselineName,
        double baselineValue,
        double ratio,
        String ratioMeaning,
        String target,
        Boolean met,
        String detail) {}
