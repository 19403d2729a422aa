package fer.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.GeneralPath;
import java.awt.geom.Line2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.SplittableRandom;

/**
 * Draws one synthetic face: an identity (face shape, skin, hair, eyes, brows, nose, mouth, glasses,
 * beard, fringe), an expression made of facial action units (FACS AUs) at a random intensity, and a
 * camera (roll, scale, crop, pose, light, contrast, clutter, blur, noise, JPEG, occlusion).
 *
 * <p>Drawn with Java2D in 96-unit coordinates, rasterised antialiased straight at 48×48 (FER-2013's size). Everything
 * random comes from the {@link SplittableRandom} passed in, so an image depends only on its seed.
 */
final class SyntheticFaces {
    static final int SIDE = 48;
    private static final int CANVAS = 96;

    /** Action-unit intensities (0–1) of one expression; asym tilts AU10/AU12 to one side (−1…1). */
    record ActionUnits(double au1, double au2, double au4, double au5, double au6, double au7, double au9,
                       double au10, double au12, double au15, double au20, double au23, double au26,
                       boolean teeth, double asym) {}

    /**
     * Standard normal quantiles at 4,096 evenly spaced probabilities: sensor noise draws from this table
     * (a uniform index) because a Box–Muller transform per pixel was the generator's single largest cost.
     */
    private static final double[] NORMAL = new double[4096];

    static {
        for (int i = 0; i < NORMAL.length; i++) NORMAL[i] = inverseNormal((i + 0.5) / NORMAL.length);
    }

    private SyntheticFaces() {}

    /** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
    static double inverseNormal(double p) {
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        if (p < 0.02425) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - 0.02425) return -inverseNormal(1 - p);
        double q = p - 0.5, t = q * q;
        return (((((a[0] * t + a[1]) * t + a[2]) * t + a[3]) * t + a[4]) * t + a[5]) * q
                / (((((b[0] * t + b[1]) * t + b[2]) * t + b[3]) * t + b[4]) * t + 1);
    }

    /** The action units of {@code e} at a random intensity between {@code d.minIntensity()} and apex. */
    static ActionUnits expression(Emotion e, SplittableRandom r, SyntheticDifficulty d) {
        double t = d.minIntensity() + (1 - d.minIntensity()) * r.nextDouble();
        double[] a = new double[13]; // au1 au2 au4 au5 au6 au7 au9 au10 au12 au15 au20 au23 au26
        // Relaxed faces are never perfectly still: every face gets small random activity on every AU.
        for (int i = 0; i < a.length; i++) a[i] = r.nextDouble() < 0.3 ? 0.12 * r.nextDouble() : 0;
        boolean teeth = false;
        double asym = 0;
        switch (e) {
            case HAPPY -> {
                a[4] += 0.8 * t * j(r);
                a[8] += t * j(r);
                if (t > 0.5 && r.nextDouble() < 0.6) {
                    teeth = true;
                    a[12] += 0.25 + 0.25 * r.nextDouble();
                }
            }
            case SAD -> {
                a[0] += t * j(r);
                a[2] += 0.6 * t * j(r);
                a[9] += 0.9 * t * j(r);
                a[5] += 0.2 * t;
            }
            case SURPRISE -> {
                a[0] += t * j(r);
                a[1] += t * j(r);
                a[3] += t * j(r);
                a[12] += (0.4 + 0.6 * t) * j(r);
            }
            case FEAR -> {
                a[0] += t * j(r);
                a[1] += 0.7 * t * j(r);
                a[2] += 0.7 * t * j(r);
                a[3] += t * j(r);
                a[10] += t * j(r);
                a[12] += 0.3 * t * j(r);
            }
            case ANGRY -> {
                a[2] += t * j(r);
                a[3] += 0.3 * t * j(r);
                a[5] += 0.8 * t * j(r);
                a[11] += t * j(r);
            }
            case DISGUST -> {
                a[6] += t * j(r);
                a[7] += t * j(r);
                a[2] += 0.4 * t * j(r);
                if (r.nextDouble() < 0.4) a[9] += 0.3 * t;
                asym = r.nextDouble() < 0.65 ? (r.nextBoolean() ? 1 : -1) * (0.3 + 0.7 * r.nextDouble()) : 0;
            }
            case NEUTRAL, CONTEMPT -> { }
        }
        for (int i = 0; i < a.length; i++) a[i] = Math.min(1.2, a[i]);
        return new ActionUnits(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], teeth, asym);
    }

    /** Random jitter of an AU's share in an expression (people differ in how they pose one). */
    private static double j(SplittableRandom r) {
        return 0.75 + 0.45 * r.nextDouble();
    }

    /** Renders a face showing {@code au}, with identity and camera drawn from {@code r}: 48×48 gray bytes. */
    static byte[] render(ActionUnits au, SplittableRandom r, SyntheticDifficulty d) {
        BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.scale((double) SIDE / CANVAS, (double) SIDE / CANVAS); // drawn in 96-unit coordinates, rasterised at 48
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            background(g, r);
            // FER-2013 crops are tight: the face fills most of the frame, the chin near the bottom edge
            g.translate(CANVAS / 2.0 + gauss(r, 4), CANVAS / 2.0 + 4 + gauss(r, 4));
            g.rotate(Math.toRadians(Math.max(-d.maxRoll(), Math.min(d.maxRoll(), gauss(r, d.maxRoll() / 2)))));
            double s = 1.05 + 0.3 * r.nextDouble();
            g.scale(s, s);
            face(g, au, r, d);
        } finally {
            g.dispose();
        }
        int[] rgb = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        int[] px = new int[SIDE * SIDE];
        for (int i = 0; i < px.length; i++) px[i] = rgb[i] & 255;
        camera(px, r, d);
        byte[] out = new byte[px.length];
        for (int i = 0; i < px.length; i++) out[i] = (byte) px[i];
        return out;
    }

    private static void background(Graphics2D g, SplittableRandom r) {
        int a = r.nextInt(20, 230), b = Math.max(0, Math.min(255, a + r.nextInt(-90, 91)));
        g.setPaint(new GradientPaint(r.nextInt(CANVAS), 0, gray(a), r.nextInt(CANVAS), CANVAS, gray(b)));
        g.fillRect(0, 0, CANVAS, CANVAS);
        int clutter = r.nextInt(0, 6);
        for (int k = 0; k < clutter; k++) {
            g.setColor(gray(r.nextInt(0, 256)));
            double x = r.nextDouble(-20, CANVAS), y = r.nextDouble(-20, CANVAS), w = r.nextDouble(6, 50), h = r.nextDouble(6, 50);
            switch (r.nextInt(3)) {
                case 0 -> g.fill(new java.awt.geom.Rectangle2D.Double(x, y, w, h));
                case 1 -> g.fill(new Ellipse2D.Double(x, y, w, h));
                default -> {
                    g.setStroke(new BasicStroke((float) r.nextDouble(1, 5)));
                    g.draw(new Line2D.Double(x, y, x + w, y + h * (r.nextBoolean() ? 1 : -1)));
                }
            }
        }
    }

    /** The face in local coordinates: origin at the face centre, 96-pixel canvas units. */
    private static void face(Graphics2D g, ActionUnits au, SplittableRandom r, SyntheticDifficulty d) {
        double a = r.nextDouble(25, 33), b = r.nextDouble(33, 41);          // face half-width, half-height
        int skin = r.nextInt(85, 215);
        int hair = r.nextDouble() < 0.8 ? r.nextInt(10, 90) : r.nextInt(120, 200);
        int dark = Math.max(0, skin - r.nextInt(70, 120));                 // features: brows, lids, lips
        double pose = gauss(r, 3.5);                                       // yaw: features slide sideways
        boolean longHair = r.nextDouble() < 0.35;

        // hair behind the head, ears, neck
        g.setColor(gray(hair));
        if (longHair) g.fill(new RoundRectangle2D.Double(-a * 1.2, -b * 1.1, a * 2.4, b * 2.0, a, a));
        g.setColor(gray(skin - 25));
        g.fill(new java.awt.geom.Rectangle2D.Double(-a * 0.45, b * 0.5, a * 0.9, 40));
        g.fill(new Ellipse2D.Double(-a - 5 + pose * 0.3, -6, 10, 18));
        g.fill(new Ellipse2D.Double(a - 5 + pose * 0.3, -6, 10, 18));
        // face with soft shading towards the rim
        g.setPaint(new RadialGradientPaint((float) (pose * 0.8), (float) (-b * 0.1), (float) (b * 1.05),
                new float[] {0f, 0.75f, 1f}, new Color[] {gray(skin + 12), gray(skin), gray(skin - 40)}));
        GeneralPath head = new GeneralPath();
        double jaw = r.nextDouble(0.55, 0.85);                               // chin narrowness
        head.moveTo(0, -b);
        head.curveTo(a * 0.75, -b, a, -b * 0.55, a, 0);
        head.curveTo(a, b * 0.55, a * jaw, b, 0, b);
        head.curveTo(-a * jaw, b, -a, b * 0.55, -a, 0);
        head.curveTo(-a, -b * 0.55, -a * 0.75, -b, 0, -b);
        g.fill(head);
        // hair cap: the top of the head above a random hairline
        g.setColor(gray(hair));
        double capStart = r.nextDouble(27, 50);   // hairline at 45–75 % of the way up from centre to crown
        g.fill(new Arc2D.Double(-a * 1.06, -b * 1.1, a * 2.12, b * 2.2, capStart, 180 - 2 * capStart, Arc2D.CHORD));

        double eyeY = -b * 0.12 + r.nextDouble(-2, 2), eyeDx = r.nextDouble(11, 15.5);
        double eyeW = r.nextDouble(6, 8.5), eyeH = r.nextDouble(2.6, 3.8);
        double browGap = r.nextDouble(6.5, 9.5), browW = r.nextDouble(1.6, 3.4);
        double noseY = b * 0.22 + r.nextDouble(-2, 2), noseW = r.nextDouble(4, 6.5);
        double mouthY = b * 0.5 + r.nextDouble(-2, 2), mouthW = r.nextDouble(11, 17);
        double lip = r.nextDouble(1.6, 3.2);

        // beard under everything of the lower face
        if (r.nextDouble() < 0.1) {
            g.setColor(gray(hair + 10));
            GeneralPath beard = new GeneralPath();
            beard.moveTo(-a * 0.95, b * 0.1);
            beard.curveTo(-a * 0.9, b * 1.05, a * 0.9, b * 1.05, a * 0.95, b * 0.1);
            beard.lineTo(a * 0.5, b * 0.35);
            beard.quadTo(0, b * 0.2, -a * 0.5, b * 0.35);
            beard.closePath();
            g.fill(beard);
        }

        // eyes (AU5 widens, AU6 and AU7 narrow)
        double open = clamp(1 + 0.75 * au.au5() - 0.45 * au.au7() - 0.35 * au.au6(), 0.3, 1.9);
        for (int side = -1; side <= 1; side += 2) {
            double cx = side * eyeDx + pose, h = eyeH * open;
            g.setColor(gray(skin + 45));
            g.fill(new Ellipse2D.Double(cx - eyeW, eyeY - h, 2 * eyeW, 2 * h));
            g.setColor(gray(r.nextInt(5, 60)));
            double ir = Math.min(eyeH * 1.05, h * 1.1);
            g.fill(new Ellipse2D.Double(cx - ir + pose * 0.15, eyeY - ir * 0.9, 2 * ir, 2 * ir * 0.9));
            g.setColor(gray(dark));
            g.setStroke(new BasicStroke(1.4f));
            g.draw(new Arc2D.Double(cx - eyeW, eyeY - h, 2 * eyeW, 2 * h, 0, 180, Arc2D.OPEN));
            if (au.au6() > 0.3) { // cheek raise pushes the lower lid up: a crease under the eye
                g.setStroke(new BasicStroke(1.0f));
                g.setColor(gray(skin - 35));
                g.draw(new Arc2D.Double(cx - eyeW * 0.9, eyeY + h * 0.4, eyeW * 1.8, 4 + 3 * au.au6(), 200, 140, Arc2D.OPEN));
            }
        }

        // brows: inner end raised by AU1, outer by AU2; AU4 lowers the inner end and draws the brows together
        g.setColor(gray(Math.min(dark, hair + 20)));
        g.setStroke(new BasicStroke((float) browW, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int side = -1; side <= 1; side += 2) {
            double baseY = eyeY - browGap - eyeH * (open - 1) * 0.6;
            double innerX = side * (eyeDx - eyeW * 0.9 - 3.5 * au.au4()) + pose;
            double outerX = side * (eyeDx + eyeW * 1.15) + pose;
            double innerY = baseY - 6.5 * au.au1() - 1.5 * au.au2() + 5 * au.au4();
            double outerY = baseY - 6.5 * au.au2() - 1.0 * au.au1() + 1.2 * au.au4() + 1.5;
            double midY = Math.min(innerY, outerY) - 1.8 - 1.5 * au.au2() + 1.2 * au.au1() * au.au4();
            g.draw(new QuadCurve2D.Double(innerX, innerY, (innerX + outerX) / 2, midY, outerX, outerY));
        }
        if (au.au4() > 0.45) { // corrugator: vertical frown lines between the brows
            g.setStroke(new BasicStroke(0.9f));
            g.setColor(gray(skin - 45));
            for (int side = -1; side <= 1; side += 2) {
                g.draw(new Line2D.Double(side * 2 + pose, eyeY - browGap + 1, side * 1.5 + pose, eyeY - browGap + 3 + 4 * au.au4()));
            }
        }
        if (au.au1() + au.au2() > 1.0) { // raised brows wrinkle the forehead
            g.setStroke(new BasicStroke(0.8f));
            g.setColor(gray(skin - 30));
            for (int k = 0; k < 2; k++) {
                double y = eyeY - browGap - 9 - 3.5 * k;
                g.draw(new QuadCurve2D.Double(-10 + pose, y, pose, y - 2, 10 + pose, y));
            }
        }

        // nose; AU9 wrinkles the bridge and lifts and flares the nostrils
        g.setColor(gray(skin - 30));
        g.setStroke(new BasicStroke(1.2f));
        double nx = pose * 1.2;
        g.draw(new QuadCurve2D.Double(nx - noseW * 0.3, eyeY + 3, nx + pose * 0.3, noseY - 4, nx - noseW * 0.2, noseY - 1));
        double lift = 2.5 * au.au9() + 1.0 * au.au10(), flare = 1 + 0.35 * au.au9();
        g.setColor(gray(dark + 10));
        for (int side = -1; side <= 1; side += 2) {
            g.fill(new Ellipse2D.Double(nx + side * noseW * 0.5 * flare - 1.7, noseY - lift - 1.1, 3.4, 2.2));
        }
        if (au.au9() > 0.25) {
            g.setColor(gray(skin - 50));
            g.setStroke(new BasicStroke(0.9f));
            for (int k = 0; k < 3; k++) {
                double y = eyeY + 1 + 2.4 * k;
                g.draw(new Line2D.Double(nx - 3 - 1.5 * au.au9(), y, nx + 3 + 1.5 * au.au9(), y - 0.6));
            }
        }
        // nasolabial folds deepen with AU6+12 (smile), AU9/10 (disgust), AU20 (stretch)
        double fold = Math.max(au.au6() * 0.7 + au.au12() * 0.6, au.au9() * 0.9 + au.au10() * 0.5) + 0.4 * au.au20();
        if (fold > 0.3) {
            g.setColor(gray(skin - (int) (25 + 30 * Math.min(1, fold))));
            g.setStroke(new BasicStroke(1.1f));
            for (int side = -1; side <= 1; side += 2) {
                double x0 = nx + side * (noseW + 2), x1 = pose + side * (mouthW * 0.5 + 3);
                g.draw(new QuadCurve2D.Double(x0, noseY - lift, x0 + side * 4, (noseY + mouthY) / 2, x1, mouthY + 1));
            }
        }

        // mouth: AU12 pulls the corners up, AU15 down, AU20 stretches, AU23 presses, AU26 opens, AU10 lifts the upper lip
        double mx = pose * 1.1;
        double w = mouthW * (1 + 0.2 * au.au12() + 0.35 * au.au20() - 0.18 * au.au23() - 0.2 * au.au26() * (1 - au.au20()));
        double cornerL = -8 * au.au12() * (1 - 0.5 * Math.max(0, au.asym())) + 5 * au.au15() - 1.5 * au.au20();
        double cornerR = -8 * au.au12() * (1 - 0.5 * Math.max(0, -au.asym())) + 5 * au.au15() - 1.5 * au.au20();
        double openH = 13 * au.au26() + 2.5 * au.au10() * (1 + Math.abs(au.asym()));
        double thick = lip * (1 - 0.6 * au.au23());
        double upL = mouthY - 3 * au.au10() * (1 + Math.max(0, -au.asym())), upR = mouthY - 3 * au.au10() * (1 + Math.max(0, au.asym()));
        double lx = mx - w / 2, rx = mx + w / 2, ly = mouthY + cornerL, ry = mouthY + cornerR;
        double smile = 6 * au.au12() - 3.5 * au.au15();
        GeneralPath upper = new GeneralPath();
        upper.moveTo(lx, ly);
        upper.curveTo(mx - w / 4, upL - 0.5 * smile, mx + w / 4, upR - 0.5 * smile, rx, ry);
        GeneralPath lower = new GeneralPath();
        lower.moveTo(rx, ry);
        lower.curveTo(mx + w / 4, mouthY + openH + smile * 0.9 + 1, mx - w / 4, mouthY + openH + smile * 0.9 + 1, lx, ly);
        if (openH > 1.5) {
            GeneralPath cavity = new GeneralPath(upper);
            cavity.append(lower, true);
            cavity.closePath();
            g.setColor(gray(r.nextInt(5, 40)));
            g.fill(cavity);
            if (au.teeth() || au.au10() > 0.6) {
                g.setClip(cavity);
                g.setColor(gray(Math.min(250, skin + 55)));
                g.fill(new java.awt.geom.Rectangle2D.Double(lx, Math.min(upL, upR) - 6, w, 6 + Math.min(openH * 0.45, 5)));
                g.setClip(null);
            }
        }
        g.setColor(gray(skin - r.nextInt(35, 70)));
        g.setStroke(new BasicStroke((float) thick, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(upper);
        g.setStroke(new BasicStroke((float) (thick * 1.2), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(lower);

        // accessories and occluders, drawn over the face
        if (r.nextDouble() < 0.15) { // glasses
            g.setColor(gray(r.nextInt(0, 70)));
            g.setStroke(new BasicStroke((float) r.nextDouble(1.0, 2.2)));
            for (int side = -1; side <= 1; side += 2) {
                g.draw(new RoundRectangle2D.Double(side * eyeDx + pose - eyeW - 2.5, eyeY - 6, 2 * eyeW + 5, 11, 5, 5));
            }
            g.draw(new Line2D.Double(-eyeDx + eyeW + 2.5 + pose, eyeY - 2, eyeDx - eyeW - 2.5 + pose, eyeY - 2));
        }
        if (r.nextDouble() < 0.25) { // fringe: hair hanging over the forehead, sometimes over the brows
            g.setColor(gray(hair));
            double low = eyeY - browGap - r.nextDouble(0, 10);
            GeneralPath fringe = new GeneralPath();
            fringe.moveTo(-a, -b * 0.6);
            int teeth = 5 + r.nextInt(4);
            for (int k = 0; k <= teeth; k++) {
                double x = -a + 2 * a * k / teeth;
                fringe.lineTo(x, low + r.nextDouble(-4, 2) - Math.abs(x) * 0.25);
            }
            fringe.lineTo(a, -b * 0.6);
            fringe.lineTo(0, -b * 1.05);
            fringe.closePath();
            g.fill(fringe);
        }
        if (r.nextDouble() < d.occlusionRate()) occluder(g, r, a, b, skin, hair);
    }

    /** A hand over part of the face, or a lock of hair across it. */
    private static void occluder(Graphics2D g, SplittableRandom r, double a, double b, int skin, int hair) {
        if (r.nextBoolean()) {
            int tone = skin + r.nextInt(-25, 26);
            double cx = r.nextDouble(-a, a), cy = r.nextDouble(b * 0.1, b * 1.1);
            g.setColor(gray(tone));
            g.fill(new Ellipse2D.Double(cx - 14, cy - 8, 28, 24));
            g.setColor(gray(tone - 10));
            double ang = r.nextDouble(-0.6, 0.6);
            for (int k = 0; k < 4; k++) {
                var f = new RoundRectangle2D.Double(cx - 13 + 7 * k, cy - 26, 6, 22, 6, 6);
                g.fill(java.awt.geom.AffineTransform.getRotateInstance(ang, cx, cy).createTransformedShape(f));
            }
        } else {
            g.setColor(gray(hair));
            g.setStroke(new BasicStroke((float) r.nextDouble(4, 9), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            double x = r.nextDouble(-a, a);
            g.draw(new QuadCurve2D.Double(x, -b, x + r.nextDouble(-15, 15), 0, x + r.nextDouble(-10, 10), b * 0.5));
        }
    }

    /** Lighting, contrast, blur, sensor noise and JPEG compression on the 48×48 image, in place. */
    private static void camera(int[] px, SplittableRandom r, SyntheticDifficulty d) {
        double theta = r.nextDouble(0, 2 * Math.PI), k = r.nextDouble(0, 0.55);
        double c = r.nextDouble(0.55, 1.3), bright = gauss(r, 18);
        double cs = Math.cos(theta) * k / SIDE, sn = Math.sin(theta) * k / SIDE;
        double mean = 0;
        for (int v : px) mean += v;
        mean /= px.length;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double light = 1 + (x - SIDE / 2.0) * cs + (y - SIDE / 2.0) * sn;
                int i = y * SIDE + x;
                px[i] = (int) clamp(((px[i] - mean) * c + mean + bright) * light, 0, 255);
            }
        }
        if (r.nextDouble() < 0.35) blur(px, r.nextDouble(0.3, 1.0));
        double sigma = r.nextDouble() * d.noiseSigma();
        if (sigma > 0.5) {
            for (int i = 0; i < px.length; i++) px[i] = (int) clamp(px[i] + sigma * NORMAL[r.nextInt(NORMAL.length)], 0, 255);
        }
        if (r.nextDouble() < 0.6) JpegArtefacts.apply(px, SIDE, SIDE, r.nextInt(25, 96));
    }

    /** 3×3 blur mixing {@code amount} of the neighbourhood mean into each pixel. */
    private static void blur(int[] px, double amount) {
        int[] src = px.clone();
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int s = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        s += src[Math.min(SIDE - 1, Math.max(0, y + dy)) * SIDE + Math.min(SIDE - 1, Math.max(0, x + dx))];
                    }
                }
                px[y * SIDE + x] = (int) Math.round((1 - amount) * src[y * SIDE + x] + amount * s / 9.0);
            }
        }
    }

    private static Color gray(int v) {
        int c = Math.max(0, Math.min(255, v));
        return new Color(c, c, c);
    }

    private static double gauss(SplittableRandom r, double sigma) {
        // Box–Muller from the image's own generator (SplittableRandom has no nextGaussian in Java 17)
        double u = 1 - r.nextDouble(), v = r.nextDouble();
        return sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
