// crypto.DigestStream (workerd's): a WritableStream whose bytes are hashed;
// `digest` resolves with the hash once the stream closes. Evaluates to the
// installer, called with the Go hasher factory and Crypto.prototype; it
// installs nothing where there is no WritableStream.
(function (newHasher, cryptoProto) {
  "use strict";
  if (typeof WritableStream !== "function") return;
  const Base = WritableStream;
  const isView = ArrayBuffer.isView;
  const encoder = new TextEncoder();
  class DigestStream extends Base {
    #digest;
    #written = 0;
    constructor(algorithm) {
      const hasher = newHasher(algorithm);
      let resolve, reject;
      const digest = new Promise((res, rej) => { resolve = res; reject = rej; });
      let self;
      super({
        write(chunk) {
          if (typeof chunk === "string") chunk = encoder.encode(chunk);
          else if (!(chunk instanceof ArrayBuffer) && !isView(chunk)) {
            throw new TypeError("DigestStream is a byte stream but received an object of non-ArrayBuffer/ArrayBufferView/string type on its writable side.");
          }
          self.#written += hasher.update(chunk);
        },
        close() { resolve(hasher.finish()); },
        abort(reason) { reject(reason); },
      });
      self = this;
      this.#digest = digest;
    }
    get digest() { return this.#digest; }
    get bytesWritten() { return this.#written; }
  }
  Object.defineProperty(DigestStream.prototype, Symbol.toStringTag, { value: "DigestStream", configurable: true });
  Object.defineProperty(cryptoProto, "DigestStream", { value: DigestStream, writable: true, configurable: true, enumerable: false });
});
