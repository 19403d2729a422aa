/**
 * The DL4J speed work, kept out of the way of a reader of {@code fer.model}: frozen inference (batch norms
 * folded, a fixed list of libnd4j ops in NHWC), a plane-wise batch normalisation, a convolution that reuses its
 * forward pass in backprop, a two-op ReLU backward. Each is switchable by a system property and checked against
 * DL4J's stock layers by its test; {@code fer.model} builds the study's networks from these layers.
 */
package fer.engine;
