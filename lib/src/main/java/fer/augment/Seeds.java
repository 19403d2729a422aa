package fer.augment;

import java.util.SplittableRandom;

/**
 * Derives an independent random stream for every (seed, epoch, index), so augmentation does not
 * depend on which thread handles an image or in what order batches are produced.
 */
public final class Seeds {
    private Seeds() {}

    /** SplitMix64's finaliser: a bijective mix with good avalanche. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A 64-bit seed for (seed, epoch, index). */
    public static long of(long seed, long epoch, long index) {
        long h = mix64(seed + 0x9E3779B97F4A7C15L);
        h = mix64(h ^ (epoch * 0xD1B54A32D192ED03L + 1));
        return mix64(h ^ (index * 0x9E3779B97F4A7C15L + 2));
    }

    /** The random stream for (seed, epoch, index). */
    public static SplittableRandom random(long seed, long epoch, long index) {
        return new SplittableRandom(of(seed, epoch, index));
    }
}
