package fer.data;

/**
 * How hard synthetic FER is: the knobs its calibration tunes (docs/data.md reports the result).
 *
 * @param minIntensity  weakest expression drawn, as a share of apex (intensity is uniform from here to 1)
 * @param maxRoll       largest head roll in degrees
 * @param noiseSigma    largest sensor-noise standard deviation, in gray levels
 * @param occlusionRate share of faces with a hand or a lock of hair over them
 */
public record SyntheticDifficulty(double minIntensity, double maxRoll, double noiseSigma, double occlusionRate) {
    /** The calibrated default. */
    public static final SyntheticDifficulty DEFAULT = new SyntheticDifficulty(0.45, 12, 6, 0.08);
}
