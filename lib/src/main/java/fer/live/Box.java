package fer.live;

/** An axis-aligned box in frame pixels: a detected face. */
public record Box(int x, int y, int width, int height) {

    public Box {
        if (width < 0 || height < 0) throw new IllegalArgumentException("box size must be ≥ 0, got " + width + "x" + height);
    }

    public int area() {
        return width * height;
    }

    /** Intersection over union, 0 for disjoint boxes (and for two empty boxes). */
    public double iou(Box o) {
        int ix = Math.max(0, Math.min(x + width, o.x + o.width) - Math.max(x, o.x));
        int iy = Math.max(0, Math.min(y + height, o.y + o.height) - Math.max(y, o.y));
        long inter = (long) ix * iy;
        long union = (long) area() + o.area() - inter;
        return union == 0 ? 0 : (double) inter / union;
    }

    /** The box scaled about the origin (from detection-frame to full-frame coordinates). */
    public Box scale(double f) {
        return new Box((int) Math.round(x * f), (int) Math.round(y * f), (int) Math.round(width * f), (int) Math.round(height * f));
    }

    /**
     * The box grown by {@code margin} of its size on every side (0.1: 10%), then clipped to a
     * {@code frameWidth×frameHeight} frame: the crop a classifier sees (the Haar box is tight on the
     * brows and chin, FER-2013 faces include a little forehead and jaw).
     */
    public Box withMargin(double margin, int frameWidth, int frameHeight) {
        int mx = (int) Math.round(width * margin), my = (int) Math.round(height * margin);
        int x0 = Math.max(0, x - mx), y0 = Math.max(0, y - my);
        int x1 = Math.min(frameWidth, x + width + mx), y1 = Math.min(frameHeight, y + height + my);
        return new Box(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }
}
