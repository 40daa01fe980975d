// Re-frames the LSP byte stream so that a malformed frame costs that frame only, never the rest of the connection.
//
// vscode-jsonrpc's stream reader consumes a header block it cannot use (no Content-Length, a length that is not a
// number) but leaves the frame's body in its buffer; the body is then read as the start of the next header, which is
// rejected too, and so on: after one bad frame the server never reads another message. A length that is too long
// swallows the frames after it the same way. This transform sits between stdin and that reader, passes well-formed
// frames through unchanged, and resynchronises on the next `Content-Length:` header after anything else.
import { Transform, type TransformCallback } from 'node:stream';

const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
/** The header name as clients write it; the case variants are searched too when resynchronising. */
const HEADER_NAMES = ['Content-Length:', 'content-length:', 'CONTENT-LENGTH:'].map((n) => Buffer.from(n, 'latin1'));
/** Header blocks are a few dozen bytes; more than this without a blank line is garbage. */
const MAX_HEADER_BYTES = 8192;
/** Bytes kept between scans of a body so that a header split across two chunks is still recognised. */
const SCAN_OVERLAP = 64;

/** Frames larger than this are refused (a bogus length would otherwise make the reader wait for ever). */
export const MAX_FRAME_BODY_BYTES = 256 * 1024 * 1024;

export type DropReport = (reason: string, droppedBytes: number) => void;

export class FrameSanitizer extends Transform {
  private pending: Buffer = Buffer.alloc(0);
  /** The rebuilt header block of the frame whose body is being read, or undefined between frames. */
  private header: Buffer | undefined;
  private expected = 0;
  private bodyChunks: Buffer[] = [];
  private bodyLength = 0;
  private scanTail: Buffer = Buffer.alloc(0);

  constructor(
    private readonly onDrop: DropReport,
    private readonly maxBodyBytes = MAX_FRAME_BODY_BYTES,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.receive(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    } catch (error) {
      // The sanitizer must never take the connection down; forget the state and resynchronise on the next header.
      this.onDrop(`internal error (${error instanceof Error ? error.message : String(error)})`, this.pending.length + this.bodyLength);
      this.reset(Buffer.alloc(0));
    }
    done();
  }

  private receive(chunk: Buffer): void {
    if (this.header !== undefined) {
      if (!this.receiveBody(chunk)) return;
    } else {
      this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    }
    this.readHeaders();
  }

  /** Reads as many frames from `pending` as it holds; leaves a partial frame in the body state. */
  private readHeaders(): void {
    for (;;) {
      const end = this.pending.indexOf(HEADER_END);
      if (end < 0) {
        if (this.pending.length > MAX_HEADER_BYTES) this.dropGarbageWithoutHeaderEnd();
        return;
      }
      const block = this.pending.subarray(0, end);
      const length = parseHeaderBlock(block.toString('latin1'), this.maxBodyBytes);
      if (typeof length === 'string') {
        const next = findHeaderStart(this.pending, 1);
        const cut = next > 0 ? next : end + HEADER_END.length;
        this.onDrop(length, cut);
        this.pending = this.pending.subarray(cut);
        continue;
      }
      // The stock reader must only ever see a header it accepts, so the header is rebuilt rather than passed on.
      this.header = canonicalHeader(block.toString('latin1'), length);
      this.expected = length;
      const rest = this.pending.subarray(end + HEADER_END.length);
      this.pending = Buffer.alloc(0);
      this.bodyChunks = [];
      this.bodyLength = 0;
      this.scanTail = Buffer.alloc(0);
      if (!this.receiveBody(rest)) return;
    }
  }

  /**
   * Adds bytes to the body being read. Returns true when the frame was completed or abandoned and `pending` holds
   * the bytes after it, false when more bytes are needed.
   */
  private receiveBody(chunk: Buffer): boolean {
    const already = this.bodyLength;
    this.bodyChunks.push(chunk);
    this.bodyLength += chunk.length;
    // Only bytes inside the declared body are scanned: bytes after it belong to the next frames.
    const inBody = chunk.subarray(0, Math.max(0, Math.min(chunk.length, this.expected - already)));
    const window = Buffer.concat([this.scanTail, inBody]);
    const windowStart = already - this.scanTail.length;
    const embedded = findCompleteHeader(window);
    if (embedded >= 0) {
      // A header inside a JSON body is impossible (raw CR/LF cannot occur in a JSON string), so the declared length
      // was wrong: this frame is lost, and reading resumes at that header.
      const all = Buffer.concat(this.bodyChunks);
      const at = windowStart + embedded;
      this.onDrop('a frame was shorter than its Content-Length', this.header!.length + HEADER_END.length + at);
      this.reset(all.subarray(at));
      return true;
    }
    this.scanTail = window.subarray(Math.max(0, window.length - SCAN_OVERLAP));
    if (this.bodyLength < this.expected) return false;
    const all = this.bodyChunks.length === 1 ? this.bodyChunks[0] : Buffer.concat(this.bodyChunks);
    this.push(Buffer.concat([this.header!, HEADER_END, all.subarray(0, this.expected)]));
    this.reset(all.subarray(this.expected));
    return true;
  }

  private reset(pending: Buffer): void {
    this.header = undefined;
    this.expected = 0;
    this.bodyChunks = [];
    this.bodyLength = 0;
    this.scanTail = Buffer.alloc(0);
    this.pending = pending;
  }

  /** Keeps a possible header start at the end of the garbage and drops the rest. */
  private dropGarbageWithoutHeaderEnd(): void {
    const last = Math.max(...HEADER_NAMES.map((name) => this.pending.lastIndexOf(name)));
    const keepFrom = last > 0 && this.pending.length - last <= MAX_HEADER_BYTES ? last : Math.max(1, this.pending.length - SCAN_OVERLAP);
    this.onDrop('bytes that are not an LSP header', keepFrom);
    this.pending = this.pending.subarray(keepFrom);
  }
}

/**
 * The body length a header block declares, or the reason it is unusable. A first header named by the tail of
 * `Content-Length` (`ontent-Length`, `ength`) counts too: a previous frame whose length was a few bytes too long has
 * swallowed the start of this one, and the rest of this header is still good.
 */
export function parseHeaderBlock(block: string, maxBodyBytes: number): number | string {
  let length: number | undefined;
  for (const [index, line] of block.split('\r\n').entries()) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : '';
    if (!/^[A-Za-z0-9-]+$/.test(name)) return 'a malformed header line';
    const lower = name.toLowerCase();
    const isLength = lower === 'content-length' || (index === 0 && lower.length >= 4 && 'content-length'.endsWith(lower));
    if (!isLength) continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,12}$/.test(value)) return `a Content-Length that is not a byte count ('${value.slice(0, 20)}')`;
    const parsed = Number(value);
    if (length !== undefined && length !== parsed) return 'two different Content-Length headers';
    length = parsed;
  }
  if (length === undefined) return 'a header without Content-Length';
  if (length > maxBodyBytes) return `a Content-Length over ${maxBodyBytes} bytes`;
  return length;
}

/** `Content-Length` as the reader expects it, plus the Content-Type when the client sent one. */
function canonicalHeader(block: string, length: number): Buffer {
  const contentType = block.split('\r\n').find((line) => /^content-type:/i.test(line));
  return Buffer.from(`Content-Length: ${length}${contentType ? `\r\n${contentType}` : ''}`, 'latin1');
}

function findHeaderStart(buffer: Buffer, from: number): number {
  const found = HEADER_NAMES.map((name) => buffer.indexOf(name, from)).filter((i) => i >= 0);
  return found.length > 0 ? Math.min(...found) : -1;
}

/** The offset of `Content-Length: <digits>\r\n` in `buffer`, or -1. */
function findCompleteHeader(buffer: Buffer): number {
  for (let from = 0; ; ) {
    const start = findHeaderStart(buffer, from);
    if (start < 0) return -1;
    const after = buffer.subarray(start + HEADER_NAMES[0].length, start + HEADER_NAMES[0].length + 24).toString('latin1');
    if (/^[ \t]*\d+\r\n/.test(after)) return start;
    from = start + 1;
  }
}
