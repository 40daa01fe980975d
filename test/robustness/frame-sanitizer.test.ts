// The stdio framing guard: well-formed frames pass through unchanged however the stream is chunked, and garbage or a
// wrong Content-Length between frames costs only the frame it touches.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FrameSanitizer } from '../../server/src/lsp/frame-sanitizer';

const SEED = Number(process.env.FUZZ_SEED ?? 0x0d1c7);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40) * 5;

/** Feeds `bytes` in chunks cut at `cuts` and returns the frames that came out, as strings. */
function sanitize(bytes: Buffer, cuts: readonly number[]): { frames: string[]; drops: number } {
  const frames: string[] = [];
  let drops = 0;
  const sanitizer = new FrameSanitizer(() => drops++);
  sanitizer.on('data', (frame: Buffer) => frames.push(frame.toString('utf8')));
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...points, bytes.length]) {
    if (to > from) sanitizer.write(bytes.subarray(from, to));
    from = to;
  }
  return { frames, drops };
}

const frame = (body: string): string => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
/** JSON bodies with non-ASCII text, escaped newlines and the words a header is made of. */
const body = fc
  .record({ id: fc.nat(), text: fc.string({ unit: 'grapheme', maxLength: 40 }), extra: fc.constantFrom('', 'Content-Length: 12', '\r\n\r\n', 'ünï😀', '{}') })
  .map((v) => JSON.stringify({ jsonrpc: '2.0', method: 'x', params: v }));
/** Garbage that cannot itself look like the start of a header. */
const garbage = fc.string({ unit: fc.constantFrom('x', '{', '}', '"', ' ', '\r', '\n', '\u0000', 'é', '9'), minLength: 1, maxLength: 30 });
const cuts = fc.array(fc.nat({ max: 100_000 }), { maxLength: 12 });

describe('FrameSanitizer', () => {
  it('passes well-formed frames through unchanged, whatever the chunking', () => {
    fc.assert(
      fc.property(fc.array(body, { minLength: 1, maxLength: 8 }), cuts, (bodies, at) => {
        const input = Buffer.from(bodies.map(frame).join(''), 'utf8');
        const { frames, drops } = sanitize(input, at);
        assert.deepEqual(frames, bodies.map(frame));
        assert.equal(drops, 0);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('recovers every well-formed frame after garbage, short or overlong lengths', () => {
    type Damage = { kind: 'garbage'; text: string } | { kind: 'short'; by: number } | { kind: 'long'; by: number };
    const damage: fc.Arbitrary<Damage> = fc.oneof(
      fc.record({ kind: fc.constant('garbage' as const), text: garbage }),
      fc.record({ kind: fc.constant('short' as const), by: fc.integer({ min: 1, max: 20 }) }),
      fc.record({ kind: fc.constant('long' as const), by: fc.integer({ min: 1, max: 9 }) }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(body, fc.option(damage, { nil: undefined })), { minLength: 1, maxLength: 6 }), body, cuts, (items, last, at) => {
        let input = '';
        const expected: string[] = [];
        for (const [text, harm] of items) {
          if (!harm) {
            input += frame(text);
            expected.push(frame(text));
          } else if (harm.kind === 'garbage') {
            input += harm.text + frame(text);
            // Garbage glued in front of a header costs nothing but itself.
            expected.push(frame(text));
          } else {
            const length = Buffer.byteLength(text) + (harm.kind === 'short' ? -Math.min(harm.by, Buffer.byteLength(text)) : harm.by);
            input += `Content-Length: ${length}\r\n\r\n${text}`;
          }
        }
        input += frame(last);
        const { frames } = sanitize(Buffer.from(input, 'utf8'), at);
        // Frames with a wrong length are lost (or delivered cut, which the JSON reader rejects); all others arrive.
        const delivered = frames.filter((f) => expected.includes(f) || f === frame(last));
        assert.deepEqual(delivered, [...expected, frame(last)]);
        for (const f of frames) assert.match(f, /^Content-Length: \d+\r\n\r\n/, 'only canonical headers reach the JSON-RPC reader');
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
