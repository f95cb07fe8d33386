import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../simulator/prng.js';
import { OutputClosedError, ProtocolOutput } from '../../src/protocol/output.js';

/** Keeps the very chunks it is given (no copy), as a slow pipe would until written. */
function keepingStream(delayed = false) {
  const chunks: Uint8Array[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk);
      if (delayed) setImmediate(done);
      else done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('ProtocolOutput', () => {
  it('delivers every line intact and in order, whatever their sizes and the flush points', async () => {
    const random = mulberry32(7);
    const { stream, text } = keepingStream(true);
    const output = new ProtocolOutput(stream);
    const expected: string[] = [];
    const alphabet = ['a', 'é', 'ção', '😀', '"', '\\', '中'];
    const head = Buffer.from('{"type":"RECORD","stream":"s","record":');
    const tail = Buffer.from(',"time_extracted":"2026-11-22T00:00:00Z"}');
    for (let index = 0; index < 400; index++) {
      const roll = random();
      // Mostly small lines, some near and past the 1 MB chunk, a few huge ones.
      const length =
        roll < 0.9
          ? Math.floor(random() * 300)
          : roll < 0.98
            ? 300_000 + Math.floor(random() * 800_000)
            : 2_500_000;
      const value = Array.from({ length: Math.ceil(length / 64) }, () =>
        (alphabet[Math.floor(random() * alphabet.length)] as string).repeat(64),
      ).join('');
      if (random() < 0.5) {
        const body = JSON.stringify({ index, value });
        output.framed(head, body, tail);
        expected.push(`${head}${body}${tail}`);
      } else {
        output.line({ index, value });
        expected.push(JSON.stringify({ index, value }));
      }
      if (random() < 0.2) await output.flush();
    }
    await output.flush();
    const lines = text().split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(expected.length);
    for (let index = 0; index < expected.length; index++) expect(lines[index]).toBe(expected[index]);
  });

  it('writes nothing for an empty flush and reports a consumer that went away', async () => {
    const { stream, text } = keepingStream();
    const output = new ProtocolOutput(stream);
    await output.flush();
    expect(text()).toBe('');
    output.line({ type: 'STATE', value: {} });
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await expect(output.flush()).rejects.toBeInstanceOf(OutputClosedError);
    expect(text()).toBe('');
  });
});
