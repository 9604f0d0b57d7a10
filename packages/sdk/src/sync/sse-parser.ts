/**
 * Incremental Server-Sent Events parser (WHATWG "event stream interpretation"), fed decoded text
 * chunks as they arrive. Chunks may split lines and messages anywhere; a message is dispatched
 * only at its terminating blank line, so a connection that dies mid-message dispatches nothing
 * of it (a truncated message can never be applied).
 */

/** One dispatched SSE message. */
export interface SseMessage {
  /** `event:` field, `message` when absent. */
  event: string;
  /** `data:` lines joined with `\n`. */
  data: string;
  /** The last `id:` seen on the stream (persists across messages, per the spec). */
  lastEventId: string;
}

/** Callbacks of {@link SseParser}. */
export interface SseHandlers {
  onMessage(message: SseMessage): void;
  /** A `retry:` field with a valid integer. */
  onRetry?(ms: number): void;
  /** Any comment line (heartbeats are `: ping`). */
  onComment?(text: string): void;
}

/** Parses an SSE byte stream that the caller has already decoded to text. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private lastEventId = '';
  private sawCr = false;
  private first = true;

  constructor(private readonly handlers: SseHandlers) {}

  /** Feeds the next chunk of text. */
  push(chunk: string): void {
    let text = chunk;
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    // A CR at the end of the previous chunk already ended a line; skip its LF half.
    if (this.sawCr && text.startsWith('\n')) text = text.slice(1);
    this.sawCr = false;
    this.buffer += text;
    let start = 0;
    for (;;) {
      const cr = this.buffer.indexOf('\r', start);
      const lf = this.buffer.indexOf('\n', start);
      if (cr < 0 && lf < 0) break;
      const end = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
      this.line(this.buffer.slice(start, end));
      if (end === cr && this.buffer.charCodeAt(end + 1) === 10) start = end + 2;
      else {
        if (end === cr && end === this.buffer.length - 1) this.sawCr = true;
        start = end + 1;
      }
    }
    this.buffer = this.buffer.slice(start);
  }

  private line(line: string): void {
    if (line.length === 0) return this.dispatch();
    if (line.charCodeAt(0) === 58) {
      this.handlers.onComment?.(line.slice(1).trimStart());
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    this.field(field, value);
  }

  private field(field: string, value: string): void {
    switch (field) {
      case 'event':
        this.event = value;
        return;
      case 'data':
        this.data.push(value);
        return;
      case 'id':
        if (!value.includes('\u0000')) this.lastEventId = value;
        return;
      case 'retry':
        if (/^\d+$/.test(value)) this.handlers.onRetry?.(Number(value));
        return;
      default:
        return; // unknown fields are ignored, per the spec
    }
  }

  private dispatch(): void {
    const hasData = this.data.length > 0;
    const message: SseMessage = {
      event: this.event || 'message',
      data: this.data.join('\n'),
      lastEventId: this.lastEventId,
    };
    this.data = [];
    this.event = '';
    if (hasData) this.handlers.onMessage(message);
  }
}
