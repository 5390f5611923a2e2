/** The longest import line accepted: a case of 500 events is well under 200 KB. */
export const MAX_IMPORT_LINE_BYTES = 1024 * 1024;

/** A line that was longer than allowed: its bytes were dropped as they arrived, never held. */
export class LineTooLong {
  readonly reason: string;
  constructor(
    readonly bytes: number,
    limit: number,
  ) {
    this.reason = `the line is longer than the ${Math.round(limit / 1024)} KB allowed for one case; split the history or check the file's line endings`;
  }
}

/**
 * The lines of an NDJSON byte stream, as they arrive, in linear time: each chunk is scanned once for newlines
 * (a UTF-8 multi-byte character never contains the newline byte), the pieces of an unfinished line are kept as a
 * list and joined once, and a line longer than `limit` is dropped as it arrives (so a 50 MB line costs neither
 * time nor memory) and reported as LineTooLong in its place.
 */
export async function* ndjsonLines(
  input: AsyncIterable<Buffer | string>,
  limit = MAX_IMPORT_LINE_BYTES,
): AsyncGenerator<string | LineTooLong> {
  const decoder = new TextDecoder('utf-8');
  let pieces: Buffer[] = [];
  let held = 0; // bytes in pieces
  let dropped = 0; // bytes of the current line beyond the limit (pieces then empty)
  const finish = (last: Buffer): string | LineTooLong => {
    const total = held + dropped + last.length;
    const out =
      dropped || total > limit
        ? new LineTooLong(total, limit)
        : decoder.decode(pieces.length ? Buffer.concat([...pieces, last]) : last).replace(/\r$/, '');
    pieces = [];
    held = 0;
    dropped = 0;
    return out;
  };
  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    let start = 0;
    let nl: number;
    while ((nl = chunk.indexOf(10, start)) >= 0) {
      yield finish(chunk.subarray(start, nl));
      start = nl + 1;
    }
    const tail = chunk.subarray(start);
    if (!tail.length) continue;
    if (dropped || held + tail.length > limit) {
      dropped += held + tail.length;
      pieces = [];
      held = 0;
    } else {
      pieces.push(Buffer.from(tail)); // a copy: the stream may reuse its buffer
      held += tail.length;
    }
  }
  if (held || dropped) yield finish(Buffer.alloc(0));
}
