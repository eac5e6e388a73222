// The TransformStream subclasses Workers has: IdentityTransformStream and
// FixedLengthStream (workerd's own), CompressionStream and
// DecompressionStream (https://compression.spec.whatwg.org/), and
// TextEncoderStream and TextDecoderStream
// (https://encoding.spec.whatwg.org/#interface-textdecoderstream).
//
// The first four are byte pipes through Go, as in workerd, where they are
// "internal" streams: the writable side hands bytes to a Go sink, the
// readable side pulls them from the matching Go source (jsapi/
// transform_stream.go, jsapi/compression_stream.go). The text streams are
// standard TransformStreams over TextEncoder and TextDecoder.
//
// The file evaluates to a function taking the hooks of streams.js and the
// Go host functions, returning the classes.
(function (streams, host) {
  "use strict";
  const { INTERNAL, newGoReadable, newGoWritable, bytesOf } = streams;
  const { TransformStream } = streams.classes;
  const TypeErrorCtor = TypeError;
  const TextEncoderCtor = TextEncoder;
  const TextDecoderCtor = TextDecoder;
  const Uint8ArrayCtor = Uint8Array;
  const defineProperty = Object.defineProperty;
  const MAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER;

  function writableHWM(options) {
    const hwm = options?.highWaterMark;
    return hwm === undefined ? 1 : Number(hwm);
  }

  class IdentityTransformStream extends TransformStream {
    // key and pipe are FixedLengthStream's, which passes its own pipe.
    constructor(options = undefined, key = undefined, pipe = undefined) {
      const [src, sink, hwm] = key === INTERNAL ? pipe : [...host.identityPipe(-1), writableHWM(options)];
      super(INTERNAL, newGoReadable(src), newGoWritable(sink, hwm));
    }
  }
  defineProperty(IdentityTransformStream.prototype, Symbol.toStringTag, { value: "IdentityTransformStream", configurable: true });

  class FixedLengthStream extends IdentityTransformStream {
    constructor(expectedLength, options = undefined) {
      let n = expectedLength;
      if (typeof n === "bigint") n = Number(n);
      n = Number(n);
      if (n < 0) {
        throw new TypeErrorCtor("The value cannot be converted because it is negative and this API expects a positive bigint.");
      }
      if (!Number.isInteger(n) || n > MAX_SAFE_INTEGER) {
        throw new TypeErrorCtor("FixedLengthStream requires an integer expected length less than 2^53.");
      }
      // A high-water mark above the expected length would be pointless.
      let hwm = writableHWM(options);
      if (options?.highWaterMark !== undefined) hwm = Math.min(hwm, n);
      super(undefined, INTERNAL, [...host.identityPipe(n), hwm]);
    }
  }
  defineProperty(FixedLengthStream.prototype, Symbol.toStringTag, { value: "FixedLengthStream", configurable: true });

  const FORMAT_ERROR = "The compression format must be either 'deflate', 'deflate-raw' or 'gzip'.";

  function checkFormat(format) {
    const f = String(format);
    if (f !== "deflate" && f !== "deflate-raw" && f !== "gzip") throw new TypeErrorCtor(FORMAT_ERROR);
    return f;
  }

  class CompressionStream extends TransformStream {
    constructor(format) {
      const [src, sink] = host.compressionPipe(checkFormat(format), false);
      super(INTERNAL, newGoReadable(src), newGoWritable(sink, 1));
    }
  }
  defineProperty(CompressionStream.prototype, Symbol.toStringTag, { value: "CompressionStream", configurable: true });

  class DecompressionStream extends TransformStream {
    constructor(format) {
      const [src, sink] = host.compressionPipe(checkFormat(format), true);
      super(INTERNAL, newGoReadable(src), newGoWritable(sink, 1));
    }
  }
  defineProperty(DecompressionStream.prototype, Symbol.toStringTag, { value: "DecompressionStream", configurable: true });

  const isHighSurrogate = (c) => c >= 0xd800 && c <= 0xdbff;

  // https://encoding.spec.whatwg.org/#interface-textencoderstream: a lead
  // surrogate at the end of a chunk waits for the next one.
  class TextEncoderStream extends TransformStream {
    #brand;
    constructor() {
      const encoder = new TextEncoderCtor();
      let pending = "";
      super({
        transform(chunk, c) {
          let s = pending + String(chunk);
          pending = "";
          if (s.length > 0 && isHighSurrogate(s.charCodeAt(s.length - 1))) {
            pending = s[s.length - 1];
            s = s.slice(0, -1);
          }
          if (s.length > 0) c.enqueue(encoder.encode(s));
        },
        flush(c) {
          // A lone lead surrogate at the end becomes U+FFFD.
          if (pending !== "") c.enqueue(new Uint8ArrayCtor([0xef, 0xbf, 0xbd]));
        },
      });
      this.#brand = true;
    }

    get encoding() {
      if (!(#brand in this)) throw new TypeErrorCtor("Illegal invocation");
      return "utf-8";
    }
  }
  defineProperty(TextEncoderStream.prototype, Symbol.toStringTag, { value: "TextEncoderStream", configurable: true });

  // workerd's TextDecoderStream is fatal unless told otherwise (without
  // its pedantic_wpt flag).
  class TextDecoderStream extends TransformStream {
    #decoder;
    constructor(label = "utf-8", options = undefined) {
      const decoder = new TextDecoderCtor(label, {
        fatal: options?.fatal === undefined ? true : Boolean(options.fatal),
        ignoreBOM: Boolean(options?.ignoreBOM),
      });
      const decode = (bytes, stream) => {
        try {
          return decoder.decode(bytes, { stream });
        } catch {
          throw new TypeErrorCtor("Failed to decode input.");
        }
      };
      super({
        transform(chunk, c) {
          const bytes = bytesOf(chunk);
          if (bytes === undefined) {
            throw new TypeErrorCtor("This TransformStream is being used as a byte stream, but received a value that is not a BufferSource.");
          }
          const s = decode(bytes, true);
          if (s.length > 0) c.enqueue(s);
        },
        flush(c) {
          const s = decode(undefined, false);
          if (s.length > 0) c.enqueue(s);
        },
      });
      this.#decoder = decoder;
    }

    get encoding() { return this.#decoder.encoding; }
    get fatal() { return this.#decoder.fatal; }
    get ignoreBOM() { return this.#decoder.ignoreBOM; }
  }
  defineProperty(TextDecoderStream.prototype, Symbol.toStringTag, { value: "TextDecoderStream", configurable: true });

  return {
    IdentityTransformStream, FixedLengthStream, CompressionStream, DecompressionStream,
    TextEncoderStream, TextDecoderStream,
  };
});
