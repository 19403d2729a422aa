package fer.model;

import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_TRUNC;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.hdf5.Attribute;
import org.bytedeco.hdf5.DataSet;
import org.bytedeco.hdf5.DataSpace;
import org.bytedeco.hdf5.Group;
import org.bytedeco.hdf5.H5File;
import org.bytedeco.hdf5.PredType;
import org.bytedeco.hdf5.StrType;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Writes a weights-only Keras file laid out like {@code vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5}:
 * root attribute {@code layer_names}, one group per layer with attribute {@code weight_names} and
 * datasets {@code <layer>_W_1:0} (kernel [kH,kW,in,out]) and {@code <layer>_b_1:0} (bias), float32.
 */
final class KerasH5Fixture {
    private KerasH5Fixture() {}

    /** kernels in Keras layout, flattened row-major; shapes [3,3,in,out]. */
    record Conv(String name, float[] kernel, long[] shape, float[] bias) {}

    static void write(Path file, List<Conv> convs, List<String> extraEmptyLayers) {
        try (H5File h5 = new H5File(file.toString(), H5F_ACC_TRUNC())) {
            java.util.List<String> layerNames = new java.util.ArrayList<>();
            layerNames.add("input_1");
            for (Conv c : convs) layerNames.add(c.name());
            layerNames.addAll(extraEmptyLayers);
            writeStrings(h5, "layer_names", layerNames);
            h5.createGroup("input_1").close();
            for (String e : extraEmptyLayers) h5.createGroup(e).close();
            for (Conv c : convs) {
                try (Group g = h5.createGroup(c.name())) {
                    String w = c.name() + "_W_1:0";
                    String b = c.name() + "_b_1:0";
                    writeStrings(g, "weight_names", List.of(w, b));
                    writeFloats(g, w, c.kernel(), c.shape());
                    writeFloats(g, b, c.bias(), new long[] {c.bias().length});
                }
            }
        }
    }

    private static void writeFloats(Group g, String name, float[] data, long[] shape) {
        try (DataSpace space = new DataSpace(shape.length, shape);
             DataSet ds = g.createDataSet(name, PredType.NATIVE_FLOAT(), space);
             FloatPointer p = new FloatPointer(data)) {
            ds.write(p, PredType.NATIVE_FLOAT());
        }
    }

    /** A fixed-length string array attribute, as h5py writes numpy 'S' arrays. */
    private static void writeStrings(org.bytedeco.hdf5.H5Object target, String name, List<String> values) {
        int len = values.stream().mapToInt(String::length).max().orElse(1);
        byte[] buf = new byte[len * values.size()];
        for (int i = 0; i < values.size(); i++) {
            byte[] s = values.get(i).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(s, 0, buf, i * len, s.length);
        }
        try (StrType type = new StrType(PredType.C_S1(), len);
             DataSpace space = new DataSpace(1, new long[] {values.size()});
             Attribute attr = target.createAttribute(name, type, space);
             BytePointer p = new BytePointer(buf)) {
            attr.write(type, p);
        }
    }

}
