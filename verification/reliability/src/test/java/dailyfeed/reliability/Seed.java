package dailyfeed.reliability;

import java.util.concurrent.ThreadLocalRandom;

/** The seed of a test's random choices: {@code -Dreliability.seed=N} replays one, else a new one; always printed. */
final class Seed {

    private Seed() {}

    static long forTest(String test) {
        String configured = System.getProperty("reliability.seed", "").trim();
        long seed = configured.isEmpty() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(configured);
        Figures.report(test, "seed %d (replay the same choices with -Dreliability.seed=%d)", seed, seed);
        return seed;
    }
}
