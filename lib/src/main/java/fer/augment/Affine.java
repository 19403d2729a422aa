package fer.augment;

/**
 * A 2-D affine map {@code (x, y) → (a·x + b·y + c, d·x + e·y + f)} in image coordinates (x right,
 * y down). Augmentation composes these instead of warping once per operation, so an image is
 * resampled exactly once.
 */
public record Affine(double a, double b, double c, double d, double e, double f) {
    /** The identity map. */
    public static final Affine IDENTITY = new Affine(1, 0, 0, 0, 1, 0);

    /**
     * Rotation by {@code degrees} about the origin; positive turns image content counter-clockwise as
     * displayed (OpenCV's {@code getRotationMatrix2D} convention, y pointing down).
     */
    public static Affine rotation(double degrees) {
        double r = Math.toRadians(degrees);
        double cos = Math.cos(r);
        double sin = Math.sin(r);
        return new Affine(cos, sin, 0, -sin, cos, 0);
    }

    /** Translation by (dx, dy) pixels. */
    public static Affine translation(double dx, double dy) {
        return new Affine(1, 0, dx, 0, 1, dy);
    }

    /** Scaling by (sx, sy) about the origin. */
    public static Affine scale(double sx, double sy) {
        return new Affine(sx, 0, 0, 0, sy, 0);
    }

    /** Mirror left-right about the origin (x → −x). */
    public static Affine flipX() {
        return new Affine(-1, 0, 0, 0, 1, 0);
    }

    /** {@code this ∘ then-first}: the map that applies {@code inner} first, then this one. */
    public Affine times(Affine inner) {
        return new Affine(
                a * inner.a + b * inner.d, a * inner.b + b * inner.e, a * inner.c + b * inner.f + c,
                d * inner.a + e * inner.d, d * inner.b + e * inner.e, d * inner.c + e * inner.f + f);
    }

    /** The inverse map; fails on a singular matrix. */
    public Affine inverse() {
        double det = a * e - b * d;
        if (Math.abs(det) < 1e-12) throw new IllegalStateException("Singular affine map " + this);
        double ia = e / det, ib = -b / det, id = -d / det, ie = a / det;
        return new Affine(ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f));
    }

    /** Where (x, y) goes: {x', y'}. */
    public double[] apply(double x, double y) {
        return new double[] {a * x + b * y + c, d * x + e * y + f};
    }

    /** True when every coefficient is within {@code tol} of the identity's. */
    public boolean isIdentity(double tol) {
        return Math.abs(a - 1) <= tol && Math.abs(b) <= tol && Math.abs(c) <= tol
                && Math.abs(d) <= tol && Math.abs(e - 1) <= tol && Math.abs(f) <= tol;
    }
}
