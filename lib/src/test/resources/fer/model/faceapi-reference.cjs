// Reference side of FaceApiNodeAgreementTest: face-api's own FaceExpressionNet (TensorFlow.js, CPU backend)
// on the inputs the Java test wrote. Usage: node faceapi-reference.cjs WORKDIR
// WORKDIR/index.json: {"inputs": [{"id", "file", "height", "width"}]}, each file float32 little-endian
// RGB values 0-255, row-major [height, width, 3]. Writes WORKDIR/node-output.json: per input, the
// probabilities by face-api's own label names. face-api pads, resizes to 112 and normalises itself.
'use strict';
const fs = require('fs');
const path = require('path');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const tf = faceapi.tf;

async function main() {
  const work = process.argv[2];
  await tf.setBackend('cpu'); // pure JavaScript: no native binary, no WASM fetch
  await tf.ready();
  const modelDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, 'face_expression_model-weights_manifest.json'), 'utf8'));
  const weights = {};
  for (const group of manifest) {
    const shards = group.paths.map((p) => fs.readFileSync(path.join(modelDir, p)));
    const all = Buffer.concat(shards);
    const bytes = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
    Object.assign(weights, tf.io.decodeWeights(bytes, group.weights));
  }
  const net = new faceapi.FaceExpressionNet();
  net.loadFromWeightMap(weights);

  const index = JSON.parse(fs.readFileSync(path.join(work, 'index.json'), 'utf8'));
  const results = [];
  for (const input of index.inputs) {
    const buf = fs.readFileSync(path.join(work, input.file));
    const values = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    if (values.length !== input.height * input.width * 3) {
      throw new Error(`${input.file}: expected ${input.height * input.width * 3} floats, found ${values.length}`);
    }
    const image = tf.tensor3d(values, [input.height, input.width, 3], 'float32');
    const expressions = await net.predictExpressions(image);
    image.dispose();
    const probabilities = {};
    for (const label of faceapi.FACE_EXPRESSION_LABELS) probabilities[label] = expressions[label];
    results.push({ id: input.id, probabilities });
  }
  const out = { backend: tf.getBackend(), tfjs: tf.version_core, faceapi: faceapi.version, results };
  fs.writeFileSync(path.join(work, 'node-output.json'), JSON.stringify(out, null, 1));
}

main().catch((e) => { console.error(e && e.stack ? e.stack : e); process.exit(1); });
