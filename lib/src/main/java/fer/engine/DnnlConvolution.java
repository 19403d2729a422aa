package fer.engine;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.algorithm;
import static org.bytedeco.dnnl.global.dnnl.prop_kind;

/**
 * One inference convolution as a oneDNN primitive created once for fixed NHWC input and output arrays, with its
 * weights reordered once into the layout the primitive wants and bias + ReLU fused into it (oneDNN post-op).
 *
 * <p>Why: libnd4j M2.1's {@code conv2d} builds its oneDNN primitive on every call and hands oneDNN the weights in
 * the caller's layout, so every call re-lays all of them into a blocked one first: for VGG16 at batch 1 that was
 * 5.6 of the 12.7 ms oneDNN spent per pass (44 %, {@code DNNL_VERBOSE}), where TensorFlow runs the same
 * convolutions without a reorder (docs/train.md). This uses the {@code org.bytedeco:dnnl} preset, the oneDNN
 * release of the JavaCPP line DL4J M2.1 uses.
 */
final class DnnlConvolution implements Runnable {
    /** The CPU engine and its stream: one per process (a cache; oneDNN engines are thread-safe, streams are per thread). */
    private static engine cpu;
    private static final ThreadLocal<stream> STREAM = ThreadLocal.withInitial(() -> new stream(cpu()));
    private static Boolean available;
    /** Primitives built in this process: a diagnostic the tests read to know the oneDNN path ran. */
    private static final java.util.concurrent.atomic.AtomicLong BUILT = new java.util.concurrent.atomic.AtomicLong();

    private final convolution_forward primitive;
    private final IntMemoryMap args = new IntMemoryMap();
    // kept reachable: the primitive reads them on every run
    private final memory src;
    private final memory weights;
    private final memory bias;
    private final memory dst;

    /**
     * @param in       [N, H, W, C] input, c order, offset 0 (the buffer it runs on every time)
     * @param out      [N, oH, oW, oC] output, the same
     * @param w        weights [oC, iC, kH, kW], c order (reordered once here)
     * @param b        bias [oC]
     * @param stride   [sH, sW]
     * @param padL     top/left padding
     * @param padR     bottom/right padding (may differ from padL in Same mode)
     * @param dilation [dH, dW] (1 = none)
     * @param relu     fuse a ReLU after the bias
     */
    DnnlConvolution(INDArray in, INDArray out, INDArray w, INDArray b, int[] stride, long[] padL, long[] padR, int[] dilation,
                    boolean relu) {
        for (INDArray a : new INDArray[] {in, out, w, b}) {
            if (a.dataType() != DataType.FLOAT || a.ordering() != 'c' || a.offset() != 0) {
                throw new IllegalArgumentException("DnnlConvolution needs float c-order arrays at offset 0, got " + a.shapeInfoToString());
            }
        }
        engine eng = cpu();
        long[] inNchw = {in.size(0), in.size(3), in.size(1), in.size(2)};
        long[] outNchw = {out.size(0), out.size(3), out.size(1), out.size(2)};
        long[] wDims = w.shape();
        memory.desc srcMd = new memory.desc(inNchw, memory.data_type.f32, memory.format_tag.nhwc);
        memory.desc dstMd = new memory.desc(outNchw, memory.data_type.f32, memory.format_tag.nhwc);
        memory.desc biasMd = new memory.desc(new long[] {wDims[0]}, memory.data_type.f32, memory.format_tag.x);
        memory.desc wAny = new memory.desc(wDims, memory.data_type.f32, memory.format_tag.any);
        convolution_forward.desc d = new convolution_forward.desc(prop_kind.forward_inference, algorithm.convolution_direct,
                srcMd, wAny, biasMd, dstMd, new long[] {stride[0], stride[1]},
                new long[] {dilation[0] - 1, dilation[1] - 1}, padL, padR);
        primitive_attr attr = new primitive_attr();
        if (relu) {
            post_ops ops = new post_ops();
            ops.append_eltwise(1f, algorithm.eltwise_relu, 0f, 0f);
            attr.set_post_ops(ops);
        }
        convolution_forward.primitive_desc pd = new convolution_forward.primitive_desc(d, attr, eng);
        primitive = new convolution_forward(pd);
        memory userW = new memory(new memory.desc(wDims, memory.data_type.f32, memory.format_tag.oihw), eng, w.data().addressPointer());
        memory.desc wMd = pd.weights_desc();
        if (wMd.equals(userW.get_desc())) {
            weights = userW;
        } else {
            weights = new memory(wMd, eng);
            stream s = STREAM.get();
            new reorder(userW, weights).execute(s, userW, weights);
            s._wait();
        }
        src = new memory(srcMd, eng, pointer(in));
        dst = new memory(dstMd, eng, pointer(out));
        bias = new memory(biasMd, eng, pointer(b));
        args.put(DNNL_ARG_SRC, src);
        args.put(DNNL_ARG_WEIGHTS, weights);
        args.put(DNNL_ARG_BIAS, bias);
        args.put(DNNL_ARG_DST, dst);
        BUILT.incrementAndGet();
    }

    /** How many convolutions this process has built as oneDNN primitives. */
    static long built() {
        return BUILT.get();
    }

    private static Pointer pointer(INDArray a) {
        return a.data().addressPointer();
    }

    private static synchronized engine cpu() {
        if (cpu == null) cpu = new engine(engine.kind.cpu, 0);
        return cpu;
    }

    /** True when the oneDNN preset's natives load here (x86-64 Linux); false elsewhere, and callers keep libnd4j's conv2d. */
    static synchronized boolean available() {
        if (available == null) {
            try {
                cpu();
                available = true;
            } catch (Throwable t) { // UnsatisfiedLinkError / NoClassDefFoundError off x86-64 Linux
                available = false;
            }
        }
        return available;
    }

    @Override
    public void run() {
        stream s = STREAM.get();
        primitive.execute(s, args);
        s._wait();
    }
}
