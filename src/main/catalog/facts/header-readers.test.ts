import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../shared/errors.js';
import { ggufFile, safetensorsFile } from '../../../../test/helpers/model-files.js';
import { readGgufFacts } from './gguf-header.js';
import type { RangeRead } from './range-read.js';
import { readSafetensorsFacts, safetensorsIndexShards } from './safetensors-header.js';

/** Reads from a buffer, counting the bytes asked for. */
function bufferSource(file: Buffer): { read: RangeRead; fetched: () => number } {
  let fetched = 0;
  return {
    read: (start, length) => {
      fetched += length;
      return Promise.resolve(file.subarray(start, start + length));
    },
    fetched: () => fetched,
  };
}

const unprocessable = (pattern: RegExp) => (error: unknown): boolean => error instanceof AppError && error.code === 'UnprocessableEntity' && pattern.test(error.message) && !error.message.includes('\n');

describe('safetensors header', () => {
  it('counts tensors, parameters per dtype and data bytes, reading only the header of a 5 MB file', async () => {
    const file = safetensorsFile([
      { name: 'embed.weight', dtype: 'BF16', shape: [1000, 2500] },
      { name: 'norm.weight', dtype: 'F32', shape: [2500] },
      { name: 'scalar', dtype: 'F32', shape: [] },
    ]);
    const source = bufferSource(file);
    const facts = await readSafetensorsFacts(source.read, file.length, 'model.safetensors');
    assert.deepEqual(facts, { tensors: 3, parameters: 2_502_501, dtypes: { BF16: 2_500_000, F32: 2501 }, tensorBytes: 5_000_000 + 10_000 + 4 });
    assert.ok(source.fetched() <= 16 * 1024, `read ${source.fetched()} bytes of ${file.length}`);
  });

  it('reads a header larger than the first request with a second one', async () => {
    const tensors = Array.from({ length: 600 }, (_, index) => ({ name: `layers.${index}.a_rather_long_tensor_name.weight`, dtype: 'F16', shape: [4, 4] }));
    const file = safetensorsFile(tensors);
    const facts = await readSafetensorsFacts(bufferSource(file).read, file.length, 'big.safetensors');
    assert.equal(facts.tensors, 600);
    assert.equal(facts.parameters, 600 * 16);
  });

  it('refuses a truncated header, an absurd header length and a header that is not JSON, in one line each', async () => {
    const file = safetensorsFile([{ name: 'w', dtype: 'F32', shape: [10] }]);
    const truncated = file.subarray(0, 20);
    await assert.rejects(readSafetensorsFacts(bufferSource(truncated).read, truncated.length, 'cut.safetensors'), unprocessable(/^cut\.safetensors: truncated header/));
    await assert.rejects(readSafetensorsFacts(bufferSource(file.subarray(0, 5)).read, 5, 'tiny.safetensors'), unprocessable(/truncated header/));

    const absurd = Buffer.from(file);
    absurd.writeBigUInt64LE(200_000_000n);
    await assert.rejects(readSafetensorsFacts(bufferSource(absurd).read, absurd.length, 'absurd.safetensors'), unprocessable(/header length \(200000000 bytes\) is over the 100 MB limit/));

    const json = Buffer.from('{"w": {"dtype": "F32", "shape": [1], ');
    const badJson = Buffer.concat([Buffer.alloc(8), json, Buffer.alloc(4)]);
    badJson.writeBigUInt64LE(BigInt(json.length));
    await assert.rejects(readSafetensorsFacts(bufferSource(badJson).read, badJson.length, 'bad.safetensors'), unprocessable(/^bad\.safetensors: the safetensors header is not valid JSON/));

    const wrongShape = Buffer.from('{"w": {"dtype": "F32", "shape": "big", "data_offsets": [0, 4]}}');
    const badTensor = Buffer.concat([Buffer.alloc(8), wrongShape]);
    badTensor.writeBigUInt64LE(BigInt(wrongShape.length));
    await assert.rejects(readSafetensorsFacts(bufferSource(badTensor).read, badTensor.length, 'shape.safetensors'), unprocessable(/tensor "w" .* no valid dtype, shape and data_offsets/));
  });

  it('lists the shards of an index once each, and refuses an index without a weight_map', () => {
    const index = JSON.stringify({ metadata: { total_size: 10 }, weight_map: { a: 'model-00002-of-00002.safetensors', b: 'model-00001-of-00002.safetensors', c: 'model-00001-of-00002.safetensors' } });
    assert.deepEqual(safetensorsIndexShards(index, 'i.json'), ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
    assert.throws(() => safetensorsIndexShards('{"metadata": {}}', 'i.json'), unprocessable(/weight_map/));
    assert.throws(() => safetensorsIndexShards('{', 'i.json'), unprocessable(/not valid JSON/));
  });
});

describe('GGUF header', () => {
  const vocabulary = Array.from({ length: 20_000 }, (_, index) => `token-${index}`);
  const file = ggufFile(
    {
      'general.architecture': { type: 'string', value: 'llama' },
      'general.name': { type: 'string', value: 'Tiny Llama' },
      'general.file_type': { type: 'u32', value: 15 },
      'llama.context_length': { type: 'u32', value: 4096 },
      'llama.rope.freq_base': { type: 'f32', value: 10000 },
      'tokenizer.ggml.tokens': { type: 'strings', value: vocabulary },
      'tokenizer.ggml.scores': { type: 'f32s', value: vocabulary.map(() => 0.5) },
    },
    [
      { name: 'token_embd.weight', dimensions: [64, 20_000], type: 12 },
      { name: 'blk.0.attn_norm.weight', dimensions: [64], type: 0 },
      { name: 'output.weight', dimensions: [64, 20_000], type: 14 },
    ],
    2_000_000,
  );

  it('reads architecture, file type, context length and parameters past a large vocabulary, without the tensor data', async () => {
    const source = bufferSource(file);
    const facts = await readGgufFacts(source.read, file.length, 'tiny.Q4_K_M.gguf');
    assert.deepEqual(facts, { version: 3, tensors: 3, parameters: 64 * 20_000 * 2 + 64, architecture: 'llama', fileType: 'Q4_K_M', contextLength: 4096, name: 'Tiny Llama' });
    assert.ok(source.fetched() < file.length / 2, `read ${source.fetched()} bytes of ${file.length}`);
  });

  it('names file types by llama.cpp, and keeps the number of one it does not know', async () => {
    const typed = (fileType: number): Buffer => ggufFile({ 'general.file_type': { type: 'u32', value: fileType } }, [{ name: 'w', dimensions: [4], type: 0 }]);
    const fileTypes = await Promise.all([1, 30, 39, 4000].map(async (fileType) => {
      const small = typed(fileType);
      return (await readGgufFacts(bufferSource(small).read, small.length, 'typed.gguf')).fileType;
    }));
    assert.deepEqual(fileTypes, ['F16', 'IQ4_XS', 'NVFP4', '4000']);
  });

  it('refuses a file that is not GGUF, a truncated header and an absurd count, in one line each', async () => {
    const notGguf = Buffer.from(file);
    notGguf.write('GGML', 0, 'latin1');
    await assert.rejects(readGgufFacts(bufferSource(notGguf).read, notGguf.length, 'x.gguf'), unprocessable(/^x\.gguf: not a GGUF file/));

    const cut = file.subarray(0, 50_000);
    await assert.rejects(readGgufFacts(bufferSource(cut).read, cut.length, 'cut.gguf'), unprocessable(/^cut\.gguf: truncated header/));

    const absurd = Buffer.from(file);
    absurd.writeBigUInt64LE(2n ** 62n, 16);
    await assert.rejects(readGgufFacts(bufferSource(absurd).read, absurd.length, 'absurd.gguf'), unprocessable(/is absurd/));

    const newer = Buffer.from(file);
    newer.writeUInt32LE(0x03000000, 4);
    await assert.rejects(readGgufFacts(bufferSource(newer).read, newer.length, 'be.gguf'), unprocessable(/unsupported GGUF version/));
  });
});
