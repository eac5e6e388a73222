// DOMException (https://webidl.spec.whatwg.org/#idl-DOMException). Written
// in JS so that instances are real Errors with a stack, as in workerd.
(function () {
  const codes = {
    IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
    NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11,
    SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15,
    TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20, URLMismatchError: 21,
    QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
  };
  class DOMException extends Error {
    #name;
    constructor(message = "", name = "Error") {
      super(String(message));
      this.#name = String(name);
      // workerd makes these instance properties, in this order, so they are
      // the object's own enumerable keys (probe /kv, putFunction).
      const stack = this.stack;
      delete this.message;
      delete this.stack;
      Object.defineProperty(this, "code", { get: () => codes[this.#name] ?? 0, enumerable: true, configurable: true });
      Object.defineProperty(this, "name", { get: () => this.#name, enumerable: true, configurable: true });
      Object.defineProperty(this, "message", { value: String(message), enumerable: true, configurable: true, writable: true });
      Object.defineProperty(this, "stack", { value: stack, enumerable: true, configurable: true, writable: true });
    }
    get name() { return this.#name; }
    get code() { return codes[this.#name] ?? 0; }
  }
  Object.defineProperty(DOMException.prototype, Symbol.toStringTag, { value: "DOMException", configurable: true });
  for (const [name, code] of Object.entries(codes)) {
    const constName = name.replace(/Error$/, "").replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase() + "_ERR";
    Object.defineProperty(DOMException, constName, { value: code, enumerable: true });
    Object.defineProperty(DOMException.prototype, constName, { value: code, enumerable: true });
  }
  Object.defineProperty(globalThis, "DOMException", { value: DOMException, writable: true, configurable: true });
})();
