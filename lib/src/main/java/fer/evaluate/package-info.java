/**
 * Evaluation of trained models (report Section 7): predictions on a split with optional test-time
 * augmentation, scikit-learn-compatible classification reports built on DL4J's {@code Evaluation},
 * confusion matrices, the metric definitions of Table 3, the comparison of Table 4, and the figures
 * (8, 10, 11, 13–16) drawn from them. {@code fer evaluate} is the same on the command line.
 */
package fer.evaluate;
