package fer.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Inference for the project's feed-forward CNNs without DL4J's layer machinery: the network's weights are
 * copied once ("frozen"), each batch norm is folded into the convolution before it, and a forward pass is
 * a fixed list of libnd4j ops (oneDNN convolution and pooling, BLAS products) on buffers allocated once
 * per batch size, activations kept in oneDNN's NHWC layout between the ops, small passes on one thread.
 * Outputs equal {@code net.outputSingle(false, x)} to float rounding ({@code FrozenInferenceTest}).
 *
 * <p>Why: in DL4J M2.1 every layer call costs 0.1–0.3 ms of bookkeeping (workspaces, validation, helper
 * set-up, new arrays) whatever its size, so a batch-1 forward pass of the small CNN's 18 layers took
 * 3.6 ms where PyTorch takes 2.0; the ops themselves take about 1 ms. That per-face cost is what the
 * real-time demo pays. At batch 64 folding the batch norms removes four passes over the activations.
 *
 * <p>Covers graphs (chains, residual and dense blocks joined by element-wise sums) of: convolution (NCHW networks,
 * any kernel/stride/padding, Same or Truncate), depthwise-separable convolution (libnd4j's {@code depthwise_conv2d}
 * + a 1×1 {@code conv2d}: the imported face-api and FER-2013 models), batch norm, activation layers, max/avg
 * sub-sampling, global pooling, the CNN-to-dense flatten, dense and output layers, dropout (identity at
 * inference), frozen wrappers. {@link #of} says why anything else is not covered;
 * callers then keep DL4J's own path. Not thread-safe: one instance per thread.
 */
public final class FrozenInference {
    /** One step of the forward pass; {@code out} is the step's preallocated output (or the input, in place). */
    private interface Step {
        /** Output shape for an input of {@code in} shape. */
        long[] outShape(long[] in);

        /** Multiply-adds of one pass for an input of {@code in} shape (the work that decides the thread count). */
        default long macs(long[] in) {
            return 0;
        }

        /** True when the step writes into its input (no buffer of its own). */
        default boolean inPlace() {
            return false;
        }

        /**
         * Builds the op(s) for fixed input/output arrays: run repeatedly by {@link Plan#run}. Rank-4 arrays are
         * laid out [N, H, W, C] when {@code nhwc}, [N, C, H, W] otherwise (shapes above are always NCHW).
         */
        Runnable bind(INDArray in, INDArray out, boolean nhwc);

        /** {@link #bind(INDArray, INDArray, boolean)}, as oneDNN primitives where the step has them and {@code dnnl}. */
        default Runnable bind(INDArray in, INDArray out, boolean nhwc, boolean dnnl) {
            return bind(in, out, nhwc);
        }
    }

    /** A step that writes over its input: same shape, no buffer of its own. */
    private interface InPlaceStep extends Step {
        @Override
        default long[] outShape(long[] in) {
            return in;
        }

        @Override
        default boolean inPlace() {
            return true;
        }
    }

    /** Output side of a convolution or pooling window: 'Same' keeps ⌈in/stride⌉, otherwise no padding beyond {@code pad}. */
    static long outSide(long in, int kernel, int stride, int pad, int dilation, boolean same) {
        long k = (long) (kernel - 1) * dilation + 1;
        return same ? (in + stride - 1) / stride : (in + 2L * pad - k) / stride + 1;
    }

    /** A step and where its inputs come from: indices of earlier nodes, {@link #NETWORK_INPUT} for the network's input. */
    private record Node(String name, Step step, int[] inputs) {}

    /** Node input index standing for the network's input. */
    private static final int NETWORK_INPUT = -1;

    /** The steps in topological order; the last one's output is the network's. */
    private final List<Node> nodes;
    private final Map<String, Plan> plans = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Plan> e) {
            return size() > 4; // a few batch sizes (1-3 faces, 64 for evaluation) stay allocated
        }
    };

    /**
     * Passes of fewer multiply-adds than this run on one OpenMP thread: waking a second thread at each of the
     * ~20 ops costs more than it saves on small work (small CNN, batch 1, 2 cores: 1.4 ms on two threads,
     * 0.9–1.0 on one; VGG16 batch 1, 0.7 G multiply-adds: 13 ms on two, 18–19 on one). {@code -Dfer.inference.serialBelowMacs}.
     */
    /**
     * Convolutions as oneDNN primitives built once per batch size, weights reordered once and bias + ReLU fused
     * ({@link DnnlConvolution}), on the CPU backend where the preset loads (read when the frozen copy is made;
     * {@code -Dfer.inference.dnnl=false} keeps libnd4j's {@code conv2d}). The CUDA backend keeps {@code conv2d}: the
     * primitives read host memory. Quiet 2-core machine, one interleaved run of {@code fer bench train}
     * (docs/train.md): VGG16 batch 1 7.42 → 4.25 ms, small CNN batch 1 0.58 → 0.38 ms, batch 64 +3 % on both.
     */
    static boolean useDnnl() {
        return Boolean.parseBoolean(System.getProperty("fer.inference.dnnl", "true"));
    }

    static final long SERIAL_BELOW_MACS = Long.getLong("fer.inference.serialBelowMacs", 100_000_000L);

    /**
     * Rank-4 activations laid out [N, H, W, C] between the ops: oneDNN's convolution kernels for AVX-512 work in
     * that layout, so libnd4j's NCHW ↔ NHWC reorders around every convolution disappear (VGG16 at batch 64,
     * 2 cores: 195 → 250 img/s; small CNN 2,860 → 4,100). {@code -Dfer.inference.nhwc=false} keeps NCHW.
     */
    private final boolean nhwc;
    /** Convolutions as cached oneDNN primitives ({@link #useDnnl()}, {@link #withOneDnnPrimitives}). */
    private final boolean dnnl;

    private FrozenInference(List<Node> nodes, boolean nhwc, boolean dnnl) {
        this.nodes = nodes;
        this.nhwc = nhwc;
        this.dnnl = dnnl && Nd4j.getEnvironment().isCPU() && DnnlConvolution.available();
    }

    /**
     * The same frozen weights with the convolutions as oneDNN primitives built once per batch size ({@code on}) or as
     * libnd4j's {@code conv2d} (off): for comparisons in one process ({@code fer bench train}). Needs the NHWC layout.
     */
    public FrozenInference withOneDnnPrimitives(boolean on) {
        return new FrozenInference(nodes, nhwc, on);
    }

    /** True when this instance runs its convolutions as oneDNN primitives. */
    public boolean oneDnnPrimitives() {
        return dnnl && nhwc;
    }

    /**
     * A frozen copy of {@code net}'s current weights, or the reason it cannot be made (also when switched off
     * with {@code -Dfer.inference.frozen=false}, for comparisons with DL4J's own path).
     */
    public static Result of(ComputationGraph net) {
        return of(net, Boolean.parseBoolean(System.getProperty("fer.inference.nhwc", "true")));
    }

    /** {@link #of(ComputationGraph)} with the activations' layout between ops chosen: NHWC or NCHW. */
    static Result of(ComputationGraph net, boolean nhwc) {
        if (!Boolean.parseBoolean(System.getProperty("fer.inference.frozen", "true"))) {
            return new Result(Optional.empty(), "switched off (-Dfer.inference.frozen=false)");
        }
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            return new Result(Optional.of(new FrozenInference(compile(net), nhwc, useDnnl())), "");
        } catch (Unsupported e) {
            return new Result(Optional.empty(), e.getMessage());
        }
    }

    /** The frozen model, or why there is none (empty when there is one). */
    public record Result(Optional<FrozenInference> model, String whyNot) {}

    /** The network's output (softmax probabilities for the project's models) for a batch {@code x} [N, C, H, W]. */
    public INDArray output(INDArray x) {
        if (x.rank() != 4) throw new IllegalArgumentException("expected [N, C, H, W] images, got shape " + java.util.Arrays.toString(x.shape()));
        INDArray in = x.dataType() == DataType.FLOAT && x.ordering() == 'c' && !x.isView() ? x : x.castTo(DataType.FLOAT).dup('c');
        String key = java.util.Arrays.toString(in.shape());
        Plan plan = plans.computeIfAbsent(key, k -> new Plan(in.shape()));
        return plan.run(in);
    }

    /** Multiply-adds of one forward pass for an input of {@code shape} [N, C, H, W]. */
    public long multiplyAdds(long... shape) {
        long work = 0;
        long[][] shapes = shapes(shape);
        for (int i = 0; i < nodes.size(); i++) work += nodes.get(i).step().macs(inShape(shapes, shape, nodes.get(i).inputs()[0]));
        return work;
    }

    /** Each node's output shape (NCHW for rank 4) for a network input of {@code input} shape. */
    private long[][] shapes(long[] input) {
        long[][] out = new long[nodes.size()][];
        for (int i = 0; i < nodes.size(); i++) out[i] = nodes.get(i).step().outShape(inShape(out, input, nodes.get(i).inputs()[0]));
        return out;
    }

    private static long[] inShape(long[][] shapes, long[] input, int from) {
        return from == NETWORK_INPUT ? input : shapes[from];
    }

    /** True when a pass for {@code shape} runs on the calling thread alone (small work, see {@link #SERIAL_BELOW_MACS}). */
    public boolean serial(long... shape) {
        return multiplyAdds(shape) < SERIAL_BELOW_MACS;
    }

    /** Buffers and bound ops for one input shape. */
    private final class Plan {
        /** Run on the calling thread alone (see {@link #SERIAL_BELOW_MACS}). */
        final boolean serial;
        final INDArray input;
        final List<Runnable> ops = new ArrayList<>();
        final INDArray output;

        Plan(long[] shape) {
            // Buffers are reused as soon as every consumer of what they hold has run: for a chain that is two
            // buffers used in turn, for a residual block one or two more. Reusing the same memory every pass keeps
            // it warm (with one buffer per step, VGG16 at batch 64 ran 20 % slower than DL4J's own workspaces).
            long[][] shapes = shapes(shape);
            long max = 0;
            for (long[] s : shapes) max = Math.max(max, length(s));
            int n = nodes.size();
            int[] lastUse = new int[n];
            int[] consumers = new int[n];
            java.util.Arrays.fill(lastUse, -1);
            lastUse[n - 1] = n; // the network's output outlives the pass
            for (int j = 0; j < n; j++) {
                for (int i : nodes.get(j).inputs()) {
                    if (i == NETWORK_INPUT) continue;
                    lastUse[i] = Math.max(lastUse[i], j);
                    consumers[i]++;
                }
            }
            serial = serial(shape);
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                input = Nd4j.create(DataType.FLOAT, physical(shape));
                java.util.ArrayDeque<INDArray> free = new java.util.ArrayDeque<>();
                INDArray[] outs = new INDArray[n];
                INDArray[] buffer = new INDArray[n]; // the flat buffer each node's output lives in (null: the input's)
                for (int j = 0; j < n; j++) {
                    Node node = nodes.get(j);
                    int first = node.inputs()[0];
                    INDArray in = first == NETWORK_INPUT ? input : outs[first];
                    INDArray out;
                    boolean overwrite = node.step().inPlace() && (first == NETWORK_INPUT || consumers[first] == 1);
                    if (overwrite) {
                        out = in;
                        buffer[j] = first == NETWORK_INPUT ? null : buffer[first];
                    } else {
                        INDArray b = free.isEmpty() ? Nd4j.create(DataType.FLOAT, max) : free.pop();
                        long[] os = physical(shapes[j]);
                        out = Nd4j.create(b.data(), os, Nd4j.getStrides(os, 'c'), 0, 'c');
                        buffer[j] = b;
                    }
                    outs[j] = out;
                    if (node.step() instanceof MultiInputStep m) {
                        INDArray[] ins = new INDArray[node.inputs().length];
                        for (int k = 0; k < ins.length; k++) ins[k] = node.inputs()[k] == NETWORK_INPUT ? input : outs[node.inputs()[k]];
                        ops.add(m.bindAll(ins, out, nhwc));
                    } else if (node.step().inPlace() && !overwrite) {
                        // its input is still needed by another node: copy, then work on the copy
                        Runnable op = node.step().bind(out, out, nhwc, dnnl);
                        INDArray src = in, dst = out;
                        ops.add(() -> {
                            dst.assign(src);
                            op.run();
                        });
                    } else {
                        ops.add(node.step().bind(in, out, nhwc, dnnl));
                    }
                    for (int i : node.inputs()) {
                        if (i != NETWORK_INPUT && lastUse[i] == j && buffer[i] != null && buffer[i] != buffer[j] && free.stream().noneMatch(f -> f == buffer[i])) {
                            free.push(buffer[i]);
                        }
                    }
                }
                output = outs[n - 1];
            }
        }

        /** The array shape of a [N, C, H, W] activation in this plan's layout. */
        private long[] physical(long[] nchw) {
            return nhwc && nchw.length == 4 ? new long[] {nchw[0], nchw[2], nchw[3], nchw[1]} : nchw;
        }

        private long[] logical(long[] shape) {
            return nhwc && shape.length == 4 ? new long[] {shape[0], shape[3], shape[1], shape[2]} : shape;
        }

        private static long length(long[] shape) {
            long n = 1;
            for (long d : shape) n *= d;
            return n;
        }

        INDArray run(INDArray x) {
            NativeOps omp = serial ? NativeOpsHolder.getInstance().getDeviceNativeOps() : null;
            int threads = serial ? omp.ompGetMaxThreads() : 0;
            if (serial) omp.setOmpNumThreads(1);
            try {
                input.assign(nhwc ? x.permute(0, 2, 3, 1) : x);
                for (Runnable op : ops) op.run();
                return nhwc && output.rank() == 4 ? output.permute(0, 3, 1, 2).dup('c') : output.dup();
            } finally {
                if (serial) omp.setOmpNumThreads(threads);
            }
        }
    }

    private static final class Unsupported extends RuntimeException {
        Unsupported(String why) {
            super(why);
        }
    }

    // ------------------------------------------------------------------------------------------ compilation

    private static List<Node> compile(ComputationGraph net) {
        ComputationGraphConfiguration conf = net.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            throw new Unsupported("not one input and one output");
        }
        String networkInput = conf.getNetworkInputs().get(0);
        Map<String, Integer> consumers = new LinkedHashMap<>();
        for (List<String> ins : conf.getVertexInputs().values()) for (String i : ins) consumers.merge(i, 1, Integer::sum);
        List<Node> nodes = new ArrayList<>();
        Map<String, Integer> nodeOf = new LinkedHashMap<>(); // vertex -> node holding its output
        nodeOf.put(networkInput, NETWORK_INPUT);
        Map<Integer, ConvStep> convOf = new LinkedHashMap<>(); // node -> the convolution a following batch norm can fold into
        for (String name : topologicalOrder(net)) {
            if (name.equals(networkInput)) continue;
            GraphVertex gv = conf.getVertices().get(name);
            List<String> ins = conf.getVertexInputs().get(name);
            int[] from = new int[ins.size()];
            for (int k = 0; k < from.length; k++) {
                Integer f = nodeOf.get(ins.get(k));
                if (f == null) throw new Unsupported(name + ": input " + ins.get(k) + " not computed before it");
                from[k] = f;
            }
            if (gv instanceof ElementWiseVertex ew) {
                if (ew.getOp() != ElementWiseVertex.Op.Add) throw new Unsupported(name + ": element-wise " + ew.getOp());
                if (from.length < 2) throw new Unsupported(name + ": an element-wise sum of " + from.length + " input");
                nodes.add(new Node(name, new AddStep(), from));
                nodeOf.put(name, nodes.size() - 1);
                continue;
            }
            if (!(gv instanceof LayerVertex v)) throw new Unsupported(name + ": vertex " + gv.getClass().getSimpleName());
            if (from.length != 1) throw new Unsupported(name + ": " + from.length + " inputs");
            int in = from[0];
            InputPreProcessor pre = v.getPreProcessor();
            if (pre != null) {
                if (!(pre instanceof CnnToFeedForwardPreProcessor cf) || cf.getFormat() != CNN2DFormat.NCHW) {
                    throw new Unsupported(name + ": input pre-processor " + pre.getClass().getSimpleName());
                }
                nodes.add(new Node(name + "/flatten", new FlattenStep(), new int[] {in}));
                in = nodes.size() - 1;
            }
            Layer l = BatchNormFolding.unfrozen(v.getLayerConf().getLayer());
            org.deeplearning4j.nn.api.Layer runtime = net.getLayer(name);
            Step step;
            if (l instanceof SeparableConvolution2D sc && sc.getClass() == SeparableConvolution2D.class) {
                if (sc.getCnn2dDataFormat() != CNN2DFormat.NCHW) throw new Unsupported(name + ": NHWC separable convolution");
                step = new SeparableStep(sc, runtime.getParam("W"), runtime.getParam("pW"), sc.hasBias() ? runtime.getParam("b") : null);
            } else if (l instanceof ConvolutionLayer c && (c.getClass() == ConvolutionLayer.class || c.getClass() == ReusingConvolution.class)) {
                if (c.getCnn2dDataFormat() != CNN2DFormat.NCHW) throw new Unsupported(name + ": NHWC convolution");
                ConvStep cs = new ConvStep(c, runtime.getParam("W"), c.hasBias() ? runtime.getParam("b") : null);
                step = cs;
                nodes.add(new Node(name, step, new int[] {in}));
                nodeOf.put(name, nodes.size() - 1);
                // a batch norm may fold into it only when it is the convolution's one consumer
                if (consumers.getOrDefault(name, 0) == 1) convOf.put(nodes.size() - 1, cs);
                continue;
            } else if (l instanceof BatchNormalization bn && bn.getCnn2DFormat() == CNN2DFormat.NCHW) {
                INDArray[] ab = BatchNormFolding.affine(runtime);
                ConvStep lastConv = convOf.get(in);
                if (lastConv != null && lastConv.activation instanceof ActivationIdentity && !lastConv.foldedBatchNorm) {
                    BatchNormFolding.fold(lastConv.w, lastConv.b, ab);
                    lastConv.foldedBatchNorm = true;
                    nodeOf.put(name, in); // the convolution's output is the batch norm's now
                    continue;
                }
                step = new AffineStep(ab[0].toFloatVector(), ab[1].toFloatVector());
            } else if (l instanceof ActivationLayer a) {
                if (a.getActivationFn() instanceof ActivationIdentity) {
                    nodeOf.put(name, in);
                    continue;
                }
                step = new ActivationStep(a.getActivationFn());
            } else if (l instanceof SubsamplingLayer s && s.getClass() == SubsamplingLayer.class
                    && s.getCnn2dDataFormat() == CNN2DFormat.NCHW
                    && (s.getPoolingType() == PoolingType.MAX || s.getPoolingType() == PoolingType.AVG)) {
                step = new PoolStep(s);
            } else if (l instanceof GlobalPoolingLayer gp && (gp.getPoolingType() == PoolingType.AVG || gp.getPoolingType() == PoolingType.MAX)) {
                step = new GlobalPoolStep(gp.getPoolingType());
            } else if ((l instanceof DenseLayer && l.getClass() == DenseLayer.class) || (l instanceof OutputLayer && l.getClass() == OutputLayer.class)) {
                org.deeplearning4j.nn.conf.layers.FeedForwardLayer ff = (org.deeplearning4j.nn.conf.layers.FeedForwardLayer) l;
                boolean bias = ff instanceof DenseLayer d ? d.hasBias() : ((BaseOutputLayer) ff).hasBias();
                step = new DenseStep(runtime.getParam("W"), bias ? runtime.getParam("b") : null, ff.getActivationFn());
            } else if (l instanceof DropoutLayer) {
                nodeOf.put(name, in); // identity at inference
                continue;
            } else {
                throw new Unsupported(name + ": layer " + l.getClass().getSimpleName());
            }
            nodes.add(new Node(name, step, new int[] {in}));
            nodeOf.put(name, nodes.size() - 1);
        }
        Integer out = nodeOf.get(conf.getNetworkOutputs().get(0));
        if (out == null || out == NETWORK_INPUT || nodes.isEmpty()) throw new Unsupported("no step computes the output");
        if (out != nodes.size() - 1) {
            // the output is an earlier node (e.g. an identity layer last): end with a copy of it
            nodes.add(new Node("output", new CopyStep(), new int[] {out}));
        }
        return nodes;
    }

    /** Vertex names in an order where each comes after its inputs (DL4J's own). */
    private static List<String> topologicalOrder(ComputationGraph net) {
        List<String> out = new ArrayList<>();
        var vertices = net.getVertices();
        for (int i : net.topologicalSortOrder()) out.add(vertices[i].getVertexName());
        return out;
    }

    // ------------------------------------------------------------------------------------------ steps

    /**
     * A step sliding a window over the image (a convolution, plain or separable): its geometry and activation read
     * from the DL4J layer, and the output shape they give.
     */
    private abstract static class WindowStep implements Step {
        final int[] kernel;
        final int[] stride;
        final int[] pad;
        final int[] dilation;
        final boolean same;
        final IActivation activation;

        WindowStep(ConvolutionLayer c, String what) {
            this.kernel = c.getKernelSize();
            this.stride = c.getStride();
            this.pad = c.getPadding();
            this.dilation = c.getDilation();
            this.same = c.getConvolutionMode() == ConvolutionMode.Same;
            if (!same && c.getConvolutionMode() != ConvolutionMode.Truncate && c.getConvolutionMode() != ConvolutionMode.Strict) {
                throw new Unsupported(what + " mode " + c.getConvolutionMode());
            }
            this.activation = c.getActivationFn();
        }

        /** Output channels. */
        abstract long outChannels();

        @Override
        public long[] outShape(long[] in) {
            return new long[] {in[0], outChannels(), outSide(in[2], kernel[0], stride[0], pad[0], dilation[0], same),
                    outSide(in[3], kernel[1], stride[1], pad[1], dilation[1], same)};
        }
    }

    /** libnd4j conv2d (oneDNN), weights [oC, iC, kH, kW], bias, activation in place. */
    private static final class ConvStep extends WindowStep {
        final INDArray w;
        final INDArray b;
        boolean foldedBatchNorm;

        ConvStep(ConvolutionLayer c, INDArray w, INDArray b) {
            super(c, "convolution");
            this.w = w.dup('c');
            this.b = b == null ? Nd4j.zeros(DataType.FLOAT, w.size(0)) : b.dup().reshape(w.size(0));
        }

        @Override
        long outChannels() {
            return w.size(0);
        }

        @Override
        public long macs(long[] in) {
            long[] o = outShape(in);
            return o[0] * o[1] * o[2] * o[3] * w.size(1) * kernel[0] * kernel[1];
        }

        @Override
        public Runnable bind(INDArray in, INDArray out, boolean nhwc, boolean dnnl) {
            boolean relu = activation instanceof ActivationReLU r && r.getMax() == null && r.getThreshold() == null && r.getNegativeSlope() == null;
            if (nhwc && dnnl && (relu || activation instanceof ActivationIdentity) && DnnlConvolution.available()) {
                long[] padL = new long[2];
                long[] padR = new long[2];
                for (int i = 0; i < 2; i++) {
                    long inSide = in.size(1 + i);
                    long outSide = out.size(1 + i);
                    long span = (outSide - 1) * stride[i] + (long) (kernel[i] - 1) * dilation[i] + 1;
                    // Same: the total padding split with the odd one at the bottom/right, as libnd4j and TF do
                    padL[i] = same ? Math.max(0, span - inSide) / 2 : pad[i];
                    padR[i] = span - inSide - padL[i];
                }
                return new DnnlConvolution(in, out, w, b, stride, padL, padR, dilation, relu);
            }
            return bind(in, out, nhwc);
        }

        @Override
        public Runnable bind(INDArray in, INDArray out, boolean nhwc) {
            DynamicCustomOp op = DynamicCustomOp.builder("conv2d").addInputs(in, w, b).addOutputs(out)
                    .addIntegerArguments(kernel[0], kernel[1], stride[0], stride[1], pad[0], pad[1], dilation[0], dilation[1],
                            same ? 1 : 0, nhwc ? 1 : 0, 1 /* weights [oC, iC, kH, kW] */)
                    .build();
            boolean identity = activation instanceof ActivationIdentity;
            return () -> {
                Nd4j.exec(op);
                if (!identity) activation.getActivation(out, false);
            };
        }
    }

    /** A batch norm that could not be folded: y = a·x + b per channel, in place. */
    private static final class AffineStep implements InPlaceStep {
        final float[] a;
        final float[] b;

        AffineStep(float[] a, float[] b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public Runnable bind(INDArray in, INDArray out, boolean nhwc) {
            if (in.rank() == 2) {
                INDArray av = Nd4j.createFromArray(a).reshape(1, -1);
                INDArray bv = Nd4j.createFromArray(b).reshape(1, -1);
                return () -> in.muliRowVector(av).addiRowVector(bv);
            }
            if (nhwc) {
                INDArray rows = in.reshape('c', in.length() / a.length, a.length);
                INDArray av = Nd4j.createFromArray(a).reshape(1, -1);
                INDArray bv = Nd4j.createFromArray(b).reshape(1, -1);
                return () -> rows.muliRowVector(av).addiRowVector(bv);
            }
            PlaneBatchNorm.Planes p = new PlaneBatchNorm.Planes(in.data().asNioFloat(), in.offset(), (int) in.size(0),
                    (int) in.size(1), (int) (in.size(2) * in.size(3)));
            return () -> PlaneBatchNorm.affine(p, p, a, b);
        }
    }

    /** An activation function, in place. */
    private record ActivationStep(IActivation fn) implements InPlaceStep {
        @Override
        public Runnable bind(INDArray in, INDArray out, boolean nhwc) {
            return () -> fn.getActivation(in, false);
        }
    }

    /** libnd4j max or average pooling (oneDNN). */
    private static final class PoolStep implements Step {
        final SubsamplingLayer s;

        PoolStep(SubsamplingLayer s) {
            this.s = s;
            if (s.getConvolutionMode() != ConvolutionMode.Same && s.getConvolutionMode() != ConvolutionMode.Truncate
                    && s.getConvolutionMode() != ConvolutionMode.Strict) {
                throw new Unsupported("pooling mode " + s.getConvolutionMode());
            }
        }

        @Override
        public long[] outShape(long[] in) {
            int[] k = s.getKernelSize(), st = s.getStride(), p = s.getPadding(), d = s.getDilation();
            boolean same = s.getConvolutionMode() == ConvolutionMode.Same;
            return new long[] {in[0], in[1], outSide(in[2], k[0], st[0], p[0], d[0], same), outSide(in[3], k[1], st[1], p[1], d[1], same)};
        }

        @Override
        public Runnable bind(INDArray in, INDArray out, boolean nhwc) {
            int[] k = s.getKernelSize(), st = s.getStride(), p = s.getPadding(), d = s.getDilation();
            DynamicCustomOp op = DynamicCustomOp.builder(s.getPoolingType() == PoolingType.MAX ? "maxpool2d" : "avgpool2d")
                    .addInputs(in).addOutputs(out)
                    .addIntegerArguments(k[0], k[1], st[0], st[1], p[0], p[1], d[0], d[1],
                            s.getConvolutionMode() == ConvolutionMode.Same ? 1 : 0, 0, nhwc ? 1 : 0)
                    .build();
            return () -> Nd4j.exec(op);
        }
    }

    /** Global average or max pooling over H and W. */
    private record GlobalPoolStep(PoolingType type) implements Step {
        @Override
        public long[] outShape(long[] in) {
            return new long[] {in[0], in[1]};
        }

        @Override
        public Runnable bind(INDArray in, INDArray out, boolean nhwc) {
            int[] hw = nhwc ? new int[] {1, 2} : new int[] {2, 3};
            return () -> out.assign(type == PoolingType.AVG ? in.mean(hw) : in.max(hw));
        }
    }

    /** A step of several inputs of one shape (an element-wise sum). */
    private interface MultiInputStep extends Step {
        Runnable bindAll(INDArray[] ins, INDArray out, boolean nhwc);

        @Override
        default Runnable bind(INDArray in, INDArray out, boolean nhwc) {
            return bindAll(new INDArray[] {in}, out, nhwc);
        }
    }

    /** DL4J's {@code ElementWiseVertex(Add)}: the sum of its inputs (any layout: all share it). */
    private static final class AddStep implements MultiInputStep {
        @Override
        public long[] outShape(long[] in) {
            return in;
        }

        @Override
        public Runnable bindAll(INDArray[] ins, INDArray out, boolean nhwc) {
            return () -> {
                ins[0].add(ins[1], out);
                for (int k = 2; k < ins.length; k++) out.addi(ins[k]);
            };
        }
    }

    /** The output taken from an earlier node. */
    private static final class CopyStep implements Step {
        @Override
        public long[] outShape(long[] in) {
            return in;
        }

        @Override
        public Runnable bind(INDArray in, INDArray out, boolean nhwc) {
            return () -> out.assign(in);
        }
    }

    /**
     * DL4J's {@code SeparableConvolution2D} as libnd4j's {@code depthwise_conv2d} into a buffer of its own, then a 1×1
     * {@code conv2d} (oneDNN) with the bias and the activation, both in the plan's layout (NHWC). The depthwise weights
     * are stored [kH, kW, iC, mC] (libnd4j's format 0): with DL4J's own [mC, iC, kH, kW] the same op took 2 ms instead of
     * 28 µs on a 28×28×64 map (libnd4j M2.1 has no oneDNN depthwise kernel; its generic one is fast only in format 0).
     */
    private static final class SeparableStep extends WindowStep {
        final INDArray depthwise;
        final INDArray pointwise;
        final INDArray b;

        SeparableStep(SeparableConvolution2D c, INDArray depthwise, INDArray pointwise, INDArray b) {
            super(c, "separable convolution");
            this.depthwise = depthwise.permute(2, 3, 1, 0).dup('c'); // [mC, iC, kH, kW] -> [kH, kW, iC, mC]
            this.pointwise = pointwise.dup('c');
            this.b = b == null ? Nd4j.zeros(DataType.FLOAT, pointwise.size(0)) : b.dup().reshape(pointwise.size(0));
        }

        @Override
        long outChannels() {
            return pointwise.size(0);
        }

        @Override
        public long macs(long[] in) {
            long[] o = outShape(in);
            long mid = depthwise.size(2) * depthwise.size(3);
            return o[0] * o[2] * o[3] * (mid * kernel[0] * kernel[1] + mid * o[1]);
        }

        @Override
        public Runnable bind(INDArray in, INDArray out, boolean nhwc) {
            long[] o = outShape(nhwc ? new long[] {in.size(0), in.size(3), in.size(1), in.size(2)} : in.shape());
            long mid = depthwise.size(2) * depthwise.size(3);
            INDArray tmp = Nd4j.create(DataType.FLOAT, nhwc ? new long[] {o[0], o[2], o[3], mid} : new long[] {o[0], mid, o[2], o[3]});
            DynamicCustomOp dw = DynamicCustomOp.builder("depthwise_conv2d").addInputs(in, depthwise).addOutputs(tmp)
                    .addIntegerArguments(kernel[0], kernel[1], stride[0], stride[1], pad[0], pad[1], dilation[0], dilation[1],
                            same ? 1 : 0, nhwc ? 1 : 0, 0 /* weights [kH, kW, iC, mC] */)
                    .build();
            DynamicCustomOp pw = DynamicCustomOp.builder("conv2d").addInputs(tmp, pointwise, b).addOutputs(out)
                    .addIntegerArguments(1, 1, 1, 1, 0, 0, 1, 1, 0, nhwc ? 1 : 0, 1 /* weights [oC, iC, 1, 1] */)
                    .build();
            boolean identity = activation instanceof ActivationIdentity;
            return () -> {
                Nd4j.exec(dw);
                Nd4j.exec(pw);
                if (!identity) activation.getActivation(out, false);
            };
        }
    }

    /** DL4J's CNN-to-dense flatten for NCHW: a c-order reshape to [N, C·H·W]. */
    private static final class FlattenStep implements Step {
        @Override
        public long[] outShape(long[] in) {
            long n = 1;
            for (int i = 1; i < in.length; i++) n *= in[i];
            return new long[] {in[0], n};
        }

        @Override
        public Runnable bind(INDArray in, INDArray out, boolean nhwc) {
            // DL4J flattens NCHW: channel-major, so an NHWC activation is permuted back first
            INDArray view = nhwc ? in.permute(0, 3, 1, 2) : in.reshape('c', out.shape());
            INDArray target = nhwc ? out.reshape('c', in.size(0), in.size(3), in.size(1), in.size(2)) : out;
            return () -> target.assign(view);
        }
    }

    /** x·W + b, then the activation in place (softmax for the output layer). */
    private static final class DenseStep implements Step {
        final INDArray w;
        final INDArray b;
        final IActivation activation;

        DenseStep(INDArray w, INDArray b, IActivation activation) {
            this.w = w.dup('f');
            this.b = b == null ? null : b.dup().reshape(1, w.size(1));
            this.activation = activation;
        }

        @Override
        public long[] outShape(long[] in) {
            return new long[] {in[0], w.size(1)};
        }

        @Override
        public long macs(long[] in) {
            return in[0] * w.size(0) * w.size(1);
        }

        @Override
        public Runnable bind(INDArray in, INDArray out, boolean nhwc) {
            boolean identity = activation instanceof ActivationIdentity;
            return () -> {
                Nd4j.gemm(in, w, out, false, false, 1.0, 0.0);
                if (b != null) out.addiRowVector(b);
                if (!identity) activation.getActivation(out, false);
            };
        }
    }
}
