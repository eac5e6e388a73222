// The WHATWG Streams standard (https://streams.spec.whatwg.org/):
// ReadableStream (default and byte sources, default and BYOB readers, tee,
// async iteration, from), WritableStream, TransformStream, pipeTo and
// pipeThrough, and the queuing strategies, as workerd has them.
//
// These are promise-driven state machines, far simpler to state in JS than
// through goja's Go API, and compiled once per process. The bytes never
// stop here on their way between Go and a stream: a Go-backed stream (a
// request body, the readable side of a CompressionStream…) pulls chunks
// from a Go source, a Go-backed WritableStream hands chunks to a Go sink,
// and Go takes a Go-backed stream's source back whole when the stream is
// untouched (see jsapi/readable_stream.go).
//
// Where workerd departs from the standard, this file follows workerd (its
// src/workerd/api/streams/standard.c++), and says so:
//   - pull() is called when a read finds the queue empty, after start,
//     after enqueue and after a pull that asked for more; a read served
//     from the queue does not pull;
//   - an absent start/pull/close algorithm completes synchronously; a
//     present one that throws errors the stream instead of throwing;
//   - once close() is called, desiredSize is 0 and enqueue() throws;
//   - a finished read resolves to {done: true}, with no value member;
//   - error texts are workerd's.
//
// Missing: transferring (detaching) ArrayBuffers that pass through byte
// streams (the buffers are shared instead), and the respondWithNewView
// buffer checks.
//
// The file evaluates to a function taking the Go host functions and
// returning the classes and the hooks Go uses.
(function (host) {
  "use strict";

  // ---------------------------------------------------------------- basics
  // Intrinsics are captured now, before user code can replace them.
  const PromiseCtor = Promise;
  const promiseThen = Promise.prototype.then;
  const promiseResolve = (v) => PromiseCtor.resolve(v);
  const promiseReject = (e) => PromiseCtor.reject(e);
  const isView = ArrayBuffer.isView;
  const ArrayBufferCtor = ArrayBuffer;
  const Uint8ArrayCtor = Uint8Array;
  const DataViewCtor = DataView;
  const TypeErrorCtor = TypeError;
  const RangeErrorCtor = RangeError;
  const defineProperty = Object.defineProperty;
  const AbortSignalCtor = globalThis.AbortSignal;
  const AbortControllerCtor = globalThis.AbortController;
  const asyncIteratorSymbol = Symbol.asyncIterator;
  const iteratorSymbol = Symbol.iterator;
  const noop = () => {};

  // INTERNAL is passed to the constructors by this file: it skips the
  // public constructor steps, and it is what makes the controller and
  // request classes constructible at all.
  const INTERNAL = Symbol("internal");

  const then = (p, onFulfilled, onRejected) => promiseThen.call(p, onFulfilled, onRejected);
  const setHandled = (p) => { promiseThen.call(p, undefined, noop); };
  function newDeferred() {
    const d = {};
    d.promise = new PromiseCtor((resolve, reject) => { d.resolve = resolve; d.reject = reject; });
    return d;
  }
  function rejectedDeferred(e) {
    const d = { promise: promiseReject(e), resolve: noop, reject: noop };
    setHandled(d.promise);
    return d;
  }
  function resolvedDeferred() {
    return { promise: promiseResolve(undefined), resolve: noop, reject: noop };
  }

  // runAlgorithm runs one of the underlying source's or sink's algorithms
  // as workerd's maybeRunAlgorithm does: no algorithm succeeds at once; a
  // present one settles through its promise, a throw becoming a rejection.
  function runAlgorithm(algorithm, onSuccess, onFailure) {
    if (algorithm === undefined) {
      onSuccess();
      return;
    }
    let result;
    try {
      result = promiseResolve(algorithm());
    } catch (e) {
      result = promiseReject(e);
    }
    then(result, onSuccess, onFailure);
  }

  // callAlgorithm returns an algorithm's result as a promise (for the
  // cancel, close and abort algorithms, whose result the caller returns).
  function callAlgorithm(algorithm, arg) {
    if (algorithm === undefined) return promiseResolve(undefined);
    try {
      return promiseResolve(algorithm(arg));
    } catch (e) {
      return promiseReject(e);
    }
  }

  // method returns a member function of an underlying source, sink or
  // transformer (called with it as this), or undefined.
  function method(obj, name, what) {
    if (obj === undefined || obj === null) return undefined;
    const fn = obj[name];
    if (fn === undefined || fn === null) return undefined;
    if (typeof fn !== "function") throw new TypeErrorCtor(`${what} member ${name} is not a function.`);
    return fn;
  }

  // A FIFO with O(1) shift; arrays shift in linear time.
  class Queue {
    constructor() { this.items = []; this.head = 0; }
    get length() { return this.items.length - this.head; }
    push(v) { this.items.push(v); }
    peek() { return this.items[this.head]; }
    shift() {
      const v = this.items[this.head];
      this.items[this.head++] = undefined;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      return v;
    }
    clear() { this.items = []; this.head = 0; }
    forEach(fn) { for (let i = this.head; i < this.items.length; i++) fn(this.items[i]); }
  }

  // bytesOf returns a Uint8Array over an ArrayBuffer or ArrayBufferView
  // chunk (not copied), or undefined for anything else.
  function bytesOf(chunk) {
    if (chunk instanceof ArrayBufferCtor) return new Uint8ArrayCtor(chunk);
    if (isView(chunk)) {
      if (chunk instanceof Uint8ArrayCtor) return chunk;
      return new Uint8ArrayCtor(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
    return undefined;
  }

  function extractHighWaterMark(strategy, defaultHWM) {
    if (strategy === undefined || strategy === null) return defaultHWM;
    const hwm = strategy.highWaterMark;
    if (hwm === undefined) return defaultHWM;
    const n = Number(hwm);
    if (Number.isNaN(n) || n < 0) throw new RangeErrorCtor("The highWaterMark must be a non-negative number.");
    return n;
  }

  function extractSizeAlgorithm(strategy) {
    if (strategy === undefined || strategy === null) return undefined;
    const size = strategy.size;
    if (size === undefined) return undefined;
    if (typeof size !== "function") throw new TypeErrorCtor("The size member of a queuing strategy must be a function.");
    return (chunk) => size(chunk);
  }

  // A queue of chunks with sizes (https://streams.spec.whatwg.org/#queue-with-sizes).
  function enqueueValueWithSize(c, value, size) {
    size = Number(size);
    if (!(size >= 0) || size === Infinity) {
      throw new RangeErrorCtor("The size of a chunk must be a non-negative, finite number.");
    }
    c.queue.push({ value, size });
    c.queueTotalSize += size;
  }
  function dequeueValue(c) {
    const pair = c.queue.shift();
    c.queueTotalSize -= pair.size;
    if (c.queueTotalSize < 0) c.queueTotalSize = 0;
    return pair.value;
  }
  function resetQueue(c) {
    c.queue.clear();
    c.queueTotalSize = 0;
  }

  const readResult = (value) => ({ value, done: false });
  // workerd's finished read has no value member.
  const doneResult = () => ({ done: true });

  // ------------------------------------------------------- ReadableStream
  // The internal state of a ReadableStream; the public object only holds
  // it. Readers, controllers and requests likewise.
  function newReadableState(obj) {
    return {
      obj, state: "readable", reader: undefined, storedError: undefined, disturbed: false,
      controller: undefined,
      // goSource is the Go source of a Go-backed stream, until Go takes it.
      goSource: undefined,
    };
  }

  let readableState, readableStateOrUndefined;

  class ReadableStream {
    #s;
    constructor(underlyingSource = undefined, strategy = undefined) {
      this.#s = newReadableState(this);
      if (underlyingSource === INTERNAL) return;
      if (underlyingSource !== undefined && underlyingSource !== null && typeof underlyingSource !== "object") {
        throw new TypeErrorCtor("Failed to construct 'ReadableStream': constructor parameter 1 is not of type 'UnderlyingSource'.");
      }
      const source = underlyingSource ?? undefined;
      const type = source?.type;
      if (type !== undefined && String(type) !== "bytes") {
        throw new TypeErrorCtor(`"${String(type)}" is not a valid type of ReadableStream.`);
      }
      if (type !== undefined) {
        if (strategy?.size !== undefined) {
          throw new RangeErrorCtor("A byte stream cannot have a size function in its queuing strategy.");
        }
        const hwm = extractHighWaterMark(strategy, 0);
        setUpByteControllerFromSource(this.#s, source, hwm);
      } else {
        const size = extractSizeAlgorithm(strategy);
        const hwm = extractHighWaterMark(strategy, 1);
        setUpDefaultControllerFromSource(this.#s, source, hwm, size);
      }
    }

    static {
      readableState = (o) => {
        if (o !== null && typeof o === "object" && #s in o) return o.#s;
        throw new TypeErrorCtor("Illegal invocation");
      };
      readableStateOrUndefined = (o) => (o !== null && typeof o === "object" && #s in o ? o.#s : undefined);
    }

    get locked() { return isReadableLocked(readableState(this)); }

    cancel(reason = undefined) {
      let rs;
      try { rs = readableState(this); } catch (e) { return promiseReject(e); }
      if (isReadableLocked(rs)) {
        return promiseReject(new TypeErrorCtor("This ReadableStream is currently locked to a reader."));
      }
      return readableStreamCancel(rs, reason);
    }

    getReader(options = undefined) {
      const rs = readableState(this);
      const mode = options?.mode;
      if (mode === undefined) return acquireDefaultReader(rs).obj;
      if (String(mode) !== "byob") throw new TypeErrorCtor("mode must be undefined or 'byob' in call to getReader().");
      return acquireBYOBReader(rs).obj;
    }

    pipeThrough(transform, options = undefined) {
      const rs = readableState(this);
      const writable = writableStateOrUndefined(transform?.writable);
      const readable = readableStateOrUndefined(transform?.readable);
      if (writable === undefined || readable === undefined) {
        throw new TypeErrorCtor("Failed to execute 'pipeThrough' on 'ReadableStream': parameter 1 is not of type 'ReadableWritablePair'.");
      }
      const opts = pipeOptions(options);
      if (isReadableLocked(rs)) throw new TypeErrorCtor("This ReadableStream is currently locked to a reader.");
      if (isWritableLocked(writable)) throw new TypeErrorCtor("This WritableStream is currently locked to a writer.");
      setHandled(readableStreamPipeTo(rs, writable, opts));
      return readable.obj;
    }

    pipeTo(destination, options = undefined) {
      let rs, ws, opts;
      try {
        rs = readableState(this);
        ws = writableStateOrUndefined(destination);
        if (ws === undefined) {
          throw new TypeErrorCtor("Failed to execute 'pipeTo' on 'ReadableStream': parameter 1 is not of type 'WritableStream'.");
        }
        opts = pipeOptions(options);
      } catch (e) {
        return promiseReject(e);
      }
      if (isReadableLocked(rs)) return promiseReject(new TypeErrorCtor("This ReadableStream is currently locked to a reader."));
      if (isWritableLocked(ws)) return promiseReject(new TypeErrorCtor("This WritableStream is currently locked to a writer"));
      return readableStreamPipeTo(rs, ws, opts);
    }

    tee() {
      const rs = readableState(this);
      if (isReadableLocked(rs)) throw new TypeErrorCtor("This ReadableStream is currently locked to a reader,");
      return readableStreamTee(rs).map((branch) => branch.obj);
    }

    values(options = undefined) {
      const rs = readableState(this);
      const preventCancel = Boolean(options?.preventCancel);
      return newAsyncIterator(acquireDefaultReader(rs), preventCancel);
    }

    static from(asyncIterable) {
      return readableStreamFromIterable(asyncIterable).obj;
    }
  }
  defineProperty(ReadableStream.prototype, Symbol.toStringTag, { value: "ReadableStream", configurable: true });
  defineProperty(ReadableStream.prototype, asyncIteratorSymbol, {
    value: ReadableStream.prototype.values, writable: true, configurable: true,
  });

  function createReadableStream() {
    return readableState(new ReadableStream(INTERNAL));
  }

  const isReadableLocked = (rs) => rs.reader !== undefined;

  // https://streams.spec.whatwg.org/#readable-stream-cancel
  function readableStreamCancel(rs, reason) {
    rs.disturbed = true;
    if (rs.state === "closed") return promiseResolve(undefined);
    if (rs.state === "errored") return promiseReject(rs.storedError);
    readableStreamClose(rs);
    const reader = rs.reader;
    if (reader !== undefined && reader.kind === "byob") {
      const requests = reader.readIntoRequests;
      reader.readIntoRequests = new Queue();
      requests.forEach((req) => req.close(undefined));
    }
    return then(rs.controller.cancelSteps(reason), noop);
  }

  // https://streams.spec.whatwg.org/#readable-stream-close
  function readableStreamClose(rs) {
    rs.state = "closed";
    const reader = rs.reader;
    if (reader === undefined) return;
    reader.closed.resolve(undefined);
    if (reader.kind === "default") {
      const requests = reader.readRequests;
      reader.readRequests = new Queue();
      requests.forEach((req) => req.close());
    }
  }

  // https://streams.spec.whatwg.org/#readable-stream-error
  function readableStreamError(rs, e) {
    rs.state = "errored";
    rs.storedError = e;
    const reader = rs.reader;
    if (reader === undefined) return;
    reader.closed.reject(e);
    setHandled(reader.closed.promise);
    if (reader.kind === "default") {
      const requests = reader.readRequests;
      reader.readRequests = new Queue();
      requests.forEach((req) => req.error(e));
    } else {
      const requests = reader.readIntoRequests;
      reader.readIntoRequests = new Queue();
      requests.forEach((req) => req.error(e));
    }
  }

  function numReadRequests(rs) {
    const reader = rs.reader;
    if (reader === undefined) return 0;
    return reader.kind === "default" ? reader.readRequests.length : reader.readIntoRequests.length;
  }

  function readableStreamFulfillReadRequest(rs, chunk, done) {
    const req = rs.reader.readRequests.shift();
    if (done) req.close();
    else req.chunk(chunk);
  }

  function readableStreamFulfillReadIntoRequest(rs, chunk, done) {
    const req = rs.reader.readIntoRequests.shift();
    if (done) req.close(chunk);
    else req.chunk(chunk);
  }

  const hasDefaultReader = (rs) => rs.reader !== undefined && rs.reader.kind === "default";
  const hasBYOBReader = (rs) => rs.reader !== undefined && rs.reader.kind === "byob";

  // --------------------------------------------------------------- readers
  const RELEASED = "This ReadableStream reader has been released.";

  function readerGenericInitialize(reader, rs) {
    reader.stream = rs;
    rs.reader = reader;
    if (rs.state === "readable") reader.closed = newDeferred();
    else if (rs.state === "closed") reader.closed = resolvedDeferred();
    else reader.closed = rejectedDeferred(rs.storedError);
  }

  // https://streams.spec.whatwg.org/#readable-stream-reader-generic-release
  function readerGenericRelease(reader) {
    const rs = reader.stream;
    const e = new TypeErrorCtor(RELEASED);
    if (rs.state === "readable") reader.closed.reject(e);
    else reader.closed = rejectedDeferred(e);
    setHandled(reader.closed.promise);
    rs.controller.releaseSteps();
    rs.reader = undefined;
    reader.stream = undefined;
    if (reader.kind === "default") {
      const requests = reader.readRequests;
      reader.readRequests = new Queue();
      requests.forEach((req) => req.error(e));
    } else {
      const requests = reader.readIntoRequests;
      reader.readIntoRequests = new Queue();
      requests.forEach((req) => req.error(e));
    }
  }

  function newDefaultReaderState(obj) {
    return { obj, kind: "default", stream: undefined, closed: undefined, readRequests: new Queue() };
  }

  function acquireDefaultReader(rs) {
    if (isReadableLocked(rs)) throw new TypeErrorCtor("This ReadableStream is currently locked to a reader.");
    const reader = defaultReaderState(new ReadableStreamDefaultReader(INTERNAL));
    readerGenericInitialize(reader, rs);
    return reader;
  }

  // https://streams.spec.whatwg.org/#readable-stream-default-reader-read
  function defaultReaderRead(reader, req) {
    const rs = reader.stream;
    rs.disturbed = true;
    if (rs.state === "closed") req.close();
    else if (rs.state === "errored") req.error(rs.storedError);
    else rs.controller.pullSteps(req);
  }

  // A read request that settles a promise with a read result.
  function promiseReadRequest(d) {
    return {
      chunk: (chunk) => d.resolve(readResult(chunk)),
      close: () => d.resolve(doneResult()),
      error: (e) => d.reject(e),
    };
  }

  let defaultReaderState;

  class ReadableStreamDefaultReader {
    #s;
    constructor(stream) {
      this.#s = newDefaultReaderState(this);
      if (stream === INTERNAL) return;
      const rs = readableStateOrUndefined(stream);
      if (rs === undefined) {
        throw new TypeErrorCtor("Failed to construct 'ReadableStreamDefaultReader': constructor parameter 1 is not of type 'ReadableStream'.");
      }
      if (isReadableLocked(rs)) throw new TypeErrorCtor("This ReadableStream is currently locked to a reader.");
      readerGenericInitialize(this.#s, rs);
    }

    static {
      defaultReaderState = (o) => {
        if (o !== null && typeof o === "object" && #s in o) return o.#s;
        throw new TypeErrorCtor("Illegal invocation");
      };
    }

    get closed() {
      const reader = defaultReaderState(this);
      return reader.closed.promise;
    }

    read() {
      let reader;
      try { reader = defaultReaderState(this); } catch (e) { return promiseReject(e); }
      if (reader.stream === undefined) return promiseReject(new TypeErrorCtor(RELEASED));
      const d = newDeferred();
      defaultReaderRead(reader, promiseReadRequest(d));
      return d.promise;
    }

    releaseLock() {
      const reader = defaultReaderState(this);
      if (reader.stream === undefined) return;
      readerGenericRelease(reader);
    }

    cancel(reason = undefined) {
      let reader;
      try { reader = defaultReaderState(this); } catch (e) { return promiseReject(e); }
      if (reader.stream === undefined) return promiseReject(new TypeErrorCtor(RELEASED));
      return readableStreamCancel(reader.stream, reason);
    }
  }
  defineProperty(ReadableStreamDefaultReader.prototype, Symbol.toStringTag, { value: "ReadableStreamDefaultReader", configurable: true });

  function newBYOBReaderState(obj) {
    return { obj, kind: "byob", stream: undefined, closed: undefined, readIntoRequests: new Queue() };
  }

  function acquireBYOBReader(rs) {
    if (isReadableLocked(rs)) throw new TypeErrorCtor("This ReadableStream is currently locked to a reader.");
    if (rs.state === "readable" && rs.controller.kind !== "byte") {
      throw new TypeErrorCtor("This ReadableStream does not support BYOB reads.");
    }
    const reader = byobReaderState(new ReadableStreamBYOBReader(INTERNAL));
    readerGenericInitialize(reader, rs);
    return reader;
  }

  // https://streams.spec.whatwg.org/#readable-stream-byob-reader-read
  function byobReaderRead(reader, view, min, req) {
    const rs = reader.stream;
    rs.disturbed = true;
    if (rs.state === "errored") req.error(rs.storedError);
    else byteControllerPullInto(rs.controller, view, min, req);
  }

  let byobReaderState;

  class ReadableStreamBYOBReader {
    #s;
    constructor(stream) {
      this.#s = newBYOBReaderState(this);
      if (stream === INTERNAL) return;
      const rs = readableStateOrUndefined(stream);
      if (rs === undefined) {
        throw new TypeErrorCtor("Failed to construct 'ReadableStreamBYOBReader': constructor parameter 1 is not of type 'ReadableStream'.");
      }
      if (isReadableLocked(rs)) throw new TypeErrorCtor("This ReadableStream is currently locked to a reader.");
      if (rs.state === "readable" && rs.controller.kind !== "byte") {
        throw new TypeErrorCtor("This ReadableStream does not support BYOB reads.");
      }
      readerGenericInitialize(this.#s, rs);
    }

    static {
      byobReaderState = (o) => {
        if (o !== null && typeof o === "object" && #s in o) return o.#s;
        throw new TypeErrorCtor("Illegal invocation");
      };
    }

    get closed() {
      return byobReaderState(this).closed.promise;
    }

    read(view, options = undefined) {
      return this.#read(view, options?.min ?? 1);
    }

    readAtLeast(minElements, view) {
      return this.#read(view, minElements);
    }

    #read(view, minElements) {
      let reader;
      try { reader = byobReaderState(this); } catch (e) { return promiseReject(e); }
      if (!isView(view)) {
        return promiseReject(new TypeErrorCtor("Failed to execute 'read' on 'ReadableStreamBYOBReader': parameter 1 is not of type 'ArrayBufferView'."));
      }
      if (view.byteLength === 0) {
        return promiseReject(new TypeErrorCtor('You must call read() on a "byob" reader with a positive-sized TypedArray object.'));
      }
      const min = Number(minElements);
      if (!(min >= 1) || !Number.isInteger(min)) {
        return promiseReject(new TypeErrorCtor(`Requested invalid minimum number of bytes to read (${minElements}).`));
      }
      const elementSize = view.BYTES_PER_ELEMENT ?? 1;
      const length = view instanceof DataViewCtor ? view.byteLength : view.length;
      if (min > length) {
        return promiseReject(new TypeErrorCtor(`Minimum bytes to read (${min * elementSize}) exceeds size of buffer (${view.byteLength}).`));
      }
      if (reader.stream === undefined) return promiseReject(new TypeErrorCtor(RELEASED));
      const d = newDeferred();
      byobReaderRead(reader, view, min, {
        chunk: (chunk) => d.resolve({ value: chunk, done: false }),
        close: (chunk) => d.resolve({ value: chunk, done: true }),
        error: (e) => d.reject(e),
      });
      return d.promise;
    }

    releaseLock() {
      const reader = byobReaderState(this);
      if (reader.stream === undefined) return;
      readerGenericRelease(reader);
    }

    cancel(reason = undefined) {
      let reader;
      try { reader = byobReaderState(this); } catch (e) { return promiseReject(e); }
      if (reader.stream === undefined) return promiseReject(new TypeErrorCtor(RELEASED));
      return readableStreamCancel(reader.stream, reason);
    }
  }
  defineProperty(ReadableStreamBYOBReader.prototype, Symbol.toStringTag, { value: "ReadableStreamBYOBReader", configurable: true });

  // ---------------------------------------- ReadableStreamDefaultController
  let defaultControllerState;

  class ReadableStreamDefaultController {
    #s;
    constructor(key, state) {
      if (key !== INTERNAL) throw new TypeErrorCtor("Illegal constructor");
      this.#s = state;
    }

    static {
      defaultControllerState = (o) => {
        if (o !== null && typeof o === "object" && #s in o) return o.#s;
        throw new TypeErrorCtor("Illegal invocation");
      };
    }

    get desiredSize() { return defaultControllerDesiredSize(defaultControllerState(this)); }

    close() {
      const c = defaultControllerState(this);
      if (!defaultControllerCanCloseOrEnqueue(c)) throw new TypeErrorCtor("This ReadableStream is closed.");
      defaultControllerClose(c);
    }

    enqueue(chunk = undefined) {
      const c = defaultControllerState(this);
      if (!defaultControllerCanCloseOrEnqueue(c)) throw new TypeErrorCtor("Unable to enqueue");
      defaultControllerEnqueue(c, chunk);
    }

    error(e = undefined) {
      defaultControllerError(defaultControllerState(this), e);
    }
  }
  defineProperty(ReadableStreamDefaultController.prototype, Symbol.toStringTag, { value: "ReadableStreamDefaultController", configurable: true });

  function newDefaultController(rs) {
    const c = {
      kind: "default", obj: undefined, stream: rs, queue: new Queue(), queueTotalSize: 0,
      started: false, closeRequested: false, pulling: false, pullAgain: false,
      strategyHWM: 1, strategySizeAlgorithm: undefined, pullAlgorithm: undefined, cancelAlgorithm: undefined,
      pullSteps: (req) => defaultControllerPullSteps(c, req),
      cancelSteps: (reason) => {
        resetQueue(c);
        const result = callAlgorithm(c.cancelAlgorithm, reason);
        defaultControllerClearAlgorithms(c);
        return result;
      },
      releaseSteps: noop,
    };
    c.obj = new ReadableStreamDefaultController(INTERNAL, c);
    return c;
  }

  // https://streams.spec.whatwg.org/#set-up-readable-stream-default-controller
  function setUpDefaultController(rs, startAlgorithm, pullAlgorithm, cancelAlgorithm, hwm, sizeAlgorithm) {
    const c = newDefaultController(rs);
    c.strategyHWM = hwm;
    c.strategySizeAlgorithm = sizeAlgorithm;
    c.pullAlgorithm = pullAlgorithm;
    c.cancelAlgorithm = cancelAlgorithm;
    rs.controller = c;
    runAlgorithm(startAlgorithm, () => {
      c.started = true;
      defaultControllerCallPullIfNeeded(c);
    }, (e) => defaultControllerError(c, e));
    return c;
  }

  function setUpDefaultControllerFromSource(rs, source, hwm, sizeAlgorithm) {
    const c = newDefaultController(rs);
    c.strategyHWM = hwm;
    c.strategySizeAlgorithm = sizeAlgorithm;
    const start = method(source, "start", "UnderlyingSource");
    const pull = method(source, "pull", "UnderlyingSource");
    const cancel = method(source, "cancel", "UnderlyingSource");
    c.pullAlgorithm = pull && (() => pull.call(source, c.obj));
    c.cancelAlgorithm = cancel && ((reason) => cancel.call(source, reason));
    rs.controller = c;
    runAlgorithm(start && (() => start.call(source, c.obj)), () => {
      c.started = true;
      defaultControllerCallPullIfNeeded(c);
    }, (e) => defaultControllerError(c, e));
  }

  function defaultControllerPullSteps(c, req) {
    const rs = c.stream;
    if (c.queue.length > 0) {
      const chunk = dequeueValue(c);
      if (c.closeRequested && c.queue.length === 0) {
        defaultControllerClearAlgorithms(c);
        readableStreamClose(rs);
      }
      // workerd does not pull when a read is served from the queue.
      req.chunk(chunk);
    } else {
      rs.reader.readRequests.push(req);
      defaultControllerCallPullIfNeeded(c);
    }
  }

  function defaultControllerCallPullIfNeeded(c) {
    if (!defaultControllerShouldCallPull(c)) return;
    if (c.pulling) {
      c.pullAgain = true;
      return;
    }
    c.pulling = true;
    runAlgorithm(c.pullAlgorithm, () => {
      c.pulling = false;
      if (c.pullAgain) {
        c.pullAgain = false;
        defaultControllerCallPullIfNeeded(c);
      }
    }, (e) => {
      c.pulling = false;
      defaultControllerError(c, e);
    });
  }

  function defaultControllerShouldCallPull(c) {
    const rs = c.stream;
    if (!defaultControllerCanCloseOrEnqueue(c) || !c.started) return false;
    if (isReadableLocked(rs) && numReadRequests(rs) > 0) return true;
    return defaultControllerDesiredSize(c) > 0;
  }

  function defaultControllerClearAlgorithms(c) {
    c.pullAlgorithm = undefined;
    c.cancelAlgorithm = undefined;
    c.strategySizeAlgorithm = undefined;
  }

  function defaultControllerClose(c) {
    c.closeRequested = true;
    if (c.queue.length === 0) {
      defaultControllerClearAlgorithms(c);
      readableStreamClose(c.stream);
    }
  }

  function defaultControllerEnqueue(c, chunk) {
    const rs = c.stream;
    if (isReadableLocked(rs) && rs.reader.kind === "default" && rs.reader.readRequests.length > 0) {
      readableStreamFulfillReadRequest(rs, chunk, false);
    } else {
      let size = 1;
      if (c.strategySizeAlgorithm !== undefined) {
        try {
          size = c.strategySizeAlgorithm(chunk);
        } catch (e) {
          // workerd errors the stream and does not rethrow.
          defaultControllerError(c, e);
          return;
        }
      }
      try {
        enqueueValueWithSize(c, chunk, size);
      } catch (e) {
        defaultControllerError(c, e);
        throw e;
      }
    }
    defaultControllerCallPullIfNeeded(c);
  }

  function defaultControllerError(c, e) {
    const rs = c.stream;
    if (rs.state !== "readable") return;
    resetQueue(c);
    defaultControllerClearAlgorithms(c);
    readableStreamError(rs, e);
  }

  function defaultControllerDesiredSize(c) {
    const state = c.stream.state;
    if (state === "errored") return null;
    if (state === "closed" || c.closeRequested) return 0;
    return c.strategyHWM - c.queueTotalSize;
  }

  function defaultControllerCanCloseOrEnqueue(c) {
    return !c.closeRequested && c.stream.state === "readable";
  }

  // ------------------------------------------- ReadableByteStreamController
  let byteControllerState, byobRequestState;

  class ReadableByteStreamController {
    #s;
    constructor(key, state) {
      if (key !== INTERNAL) throw new TypeErrorCtor("Illegal constructor");
      this.#s = state;
    }

    static {
      byteControllerState = (o) => {
        if (o !== null && typeof o === "object" && #s in o) return o.#s;
        throw new TypeErrorCtor("Illegal invocation");
      };
    }

    get byobRequest() { return byteControllerGetBYOBRequest(byteControllerState(this)); }

    get desiredSize() { return byteControllerDesiredSize(byteControllerState(this)); }

    close() {
      const c = byteControllerState(this);
      if (c.closeRequested || c.stream.state !== "readable") throw new TypeErrorCtor("This ReadableStream is closed.");
      byteControllerClose(c);
    }

    enqueue(chunk) {
      const c = byteControllerState(this);
      if (!isView(chunk)) {
        throw new TypeErrorCtor("Failed to execute 'enqueue' on 'ReadableByteStreamController': parameter 1 is not of type 'ArrayBufferView'.");
      }
      if (chunk.byteLength === 0) throw new TypeErrorCtor("Cannot enqueue a zero-length ArrayBuffer.");
      if (c.closeRequested || c.stream.state !== "readable") {
        throw new TypeErrorCtor("This ReadableByteStreamController is closed.");
      }
      byteControllerEnqueue(c, chunk);
    }

    error(e = undefined) {
      byteControllerError(byteControllerState(this), e);
    }
  }
  defineProperty(ReadableByteStreamController.prototype, Symbol.toStringTag, { value: "ReadableByteStreamController", configurable: true });

  class ReadableStreamBYOBRequest {
    #s;
    constructor(key, state) {
      if (key !== INTERNAL) throw new TypeErrorCtor("Illegal constructor");
      this.#s = state;
    }

    static {
      byobRequestState = (o) => {
        if (o !== null && typeof o === "object" && #s in o) return o.#s;
        throw new TypeErrorCtor("Illegal invocation");
      };
    }

    get view() { return byobRequestState(this).view; }

    respond(bytesWritten) {
      const req = byobRequestState(this);
      if (req.controller === undefined) throw new TypeErrorCtor("This ReadableStreamBYOBRequest has been invalidated.");
      byteControllerRespond(req.controller, Number(bytesWritten));
    }

    respondWithNewView(view) {
      const req = byobRequestState(this);
      if (!isView(view)) {
        throw new TypeErrorCtor("Failed to execute 'respondWithNewView' on 'ReadableStreamBYOBRequest': parameter 1 is not of type 'ArrayBufferView'.");
      }
      if (req.controller === undefined) throw new TypeErrorCtor("This ReadableStreamBYOBRequest has been invalidated.");
      byteControllerRespondWithNewView(req.controller, view);
    }
  }
  defineProperty(ReadableStreamBYOBRequest.prototype, Symbol.toStringTag, { value: "ReadableStreamBYOBRequest", configurable: true });

  function newByteController(rs) {
    const c = {
      kind: "byte", obj: undefined, stream: rs, queue: new Queue(), queueTotalSize: 0,
      started: false, closeRequested: false, pulling: false, pullAgain: false,
      strategyHWM: 0, pullAlgorithm: undefined, cancelAlgorithm: undefined,
      autoAllocateChunkSize: undefined, byobRequest: null, pendingPullIntos: new Queue(),
      pullSteps: (req) => byteControllerPullSteps(c, req),
      cancelSteps: (reason) => {
        byteControllerClearPendingPullIntos(c);
        resetQueue(c);
        const result = callAlgorithm(c.cancelAlgorithm, reason);
        byteControllerClearAlgorithms(c);
        return result;
      },
      releaseSteps: () => {
        if (c.pendingPullIntos.length > 0) {
          const first = c.pendingPullIntos.peek();
          first.readerType = "none";
          const rest = c.pendingPullIntos;
          c.pendingPullIntos = new Queue();
          c.pendingPullIntos.push(first);
          rest.shift();
        }
      },
    };
    c.obj = new ReadableByteStreamController(INTERNAL, c);
    return c;
  }

  // https://streams.spec.whatwg.org/#set-up-readable-byte-stream-controller
  function setUpByteController(rs, startAlgorithm, pullAlgorithm, cancelAlgorithm, hwm, autoAllocateChunkSize) {
    const c = newByteController(rs);
    c.strategyHWM = hwm;
    c.pullAlgorithm = pullAlgorithm;
    c.cancelAlgorithm = cancelAlgorithm;
    c.autoAllocateChunkSize = autoAllocateChunkSize;
    rs.controller = c;
    runAlgorithm(startAlgorithm, () => {
      c.started = true;
      byteControllerCallPullIfNeeded(c);
    }, (e) => byteControllerError(c, e));
    return c;
  }

  function setUpByteControllerFromSource(rs, source, hwm) {
    const c = newByteController(rs);
    c.strategyHWM = hwm;
    const start = method(source, "start", "UnderlyingSource");
    const pull = method(source, "pull", "UnderlyingSource");
    const cancel = method(source, "cancel", "UnderlyingSource");
    c.pullAlgorithm = pull && (() => pull.call(source, c.obj));
    c.cancelAlgorithm = cancel && ((reason) => cancel.call(source, reason));
    const autoAllocate = source?.autoAllocateChunkSize;
    if (autoAllocate !== undefined) {
      const n = Number(autoAllocate);
      if (!Number.isInteger(n) || n <= 0) {
        throw new TypeErrorCtor("The autoAllocateChunkSize option cannot be zero.");
      }
      c.autoAllocateChunkSize = n;
    }
    rs.controller = c;
    runAlgorithm(start && (() => start.call(source, c.obj)), () => {
      c.started = true;
      byteControllerCallPullIfNeeded(c);
    }, (e) => byteControllerError(c, e));
  }

  function byteControllerCallPullIfNeeded(c) {
    if (!byteControllerShouldCallPull(c)) return;
    if (c.pulling) {
      c.pullAgain = true;
      return;
    }
    c.pulling = true;
    runAlgorithm(c.pullAlgorithm, () => {
      c.pulling = false;
      if (c.pullAgain) {
        c.pullAgain = false;
        byteControllerCallPullIfNeeded(c);
      }
    }, (e) => {
      c.pulling = false;
      byteControllerError(c, e);
    });
  }

  function byteControllerShouldCallPull(c) {
    const rs = c.stream;
    if (rs.state !== "readable" || c.closeRequested || !c.started) return false;
    if (hasDefaultReader(rs) && rs.reader.readRequests.length > 0) return true;
    if (hasBYOBReader(rs) && rs.reader.readIntoRequests.length > 0) return true;
    return byteControllerDesiredSize(c) > 0;
  }

  function byteControllerClearAlgorithms(c) {
    c.pullAlgorithm = undefined;
    c.cancelAlgorithm = undefined;
  }

  function byteControllerClearPendingPullIntos(c) {
    byteControllerInvalidateBYOBRequest(c);
    c.pendingPullIntos = new Queue();
  }

  function byteControllerInvalidateBYOBRequest(c) {
    if (c.byobRequest === null) return;
    const req = byobRequestState(c.byobRequest);
    req.controller = undefined;
    req.view = null;
    c.byobRequest = null;
  }

  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-close
  function byteControllerClose(c) {
    const rs = c.stream;
    if (c.closeRequested || rs.state !== "readable") return;
    if (c.queueTotalSize > 0) {
      c.closeRequested = true;
      return;
    }
    if (c.pendingPullIntos.length > 0) {
      const first = c.pendingPullIntos.peek();
      if (first.bytesFilled % first.elementSize !== 0) {
        const e = new TypeErrorCtor("This ReadableStream was closed with a partial read pending.");
        byteControllerError(c, e);
        throw e;
      }
    }
    byteControllerClearAlgorithms(c);
    readableStreamClose(rs);
  }

  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-enqueue
  function byteControllerEnqueue(c, chunk) {
    const rs = c.stream;
    if (c.closeRequested || rs.state !== "readable") return;
    const buffer = chunk.buffer;
    const byteOffset = chunk.byteOffset;
    const byteLength = chunk.byteLength;
    if (c.pendingPullIntos.length > 0) {
      byteControllerInvalidateBYOBRequest(c);
      const first = c.pendingPullIntos.peek();
      if (first.readerType === "none") {
        byteControllerEnqueueDetachedPullIntoToQueue(c, first);
      }
    }
    if (hasDefaultReader(rs)) {
      byteControllerProcessReadRequestsUsingQueue(c);
      if (rs.reader.readRequests.length === 0) {
        byteControllerEnqueueChunkToQueue(c, buffer, byteOffset, byteLength);
      } else {
        if (c.pendingPullIntos.length > 0) byteControllerShiftPendingPullInto(c);
        readableStreamFulfillReadRequest(rs, new Uint8ArrayCtor(buffer, byteOffset, byteLength), false);
      }
    } else if (hasBYOBReader(rs)) {
      byteControllerEnqueueChunkToQueue(c, buffer, byteOffset, byteLength);
      byteControllerProcessPullIntoDescriptorsUsingQueue(c);
    } else {
      byteControllerEnqueueChunkToQueue(c, buffer, byteOffset, byteLength);
    }
    byteControllerCallPullIfNeeded(c);
  }

  function byteControllerEnqueueChunkToQueue(c, buffer, byteOffset, byteLength) {
    c.queue.push({ buffer, byteOffset, byteLength });
    c.queueTotalSize += byteLength;
  }

  function byteControllerEnqueueClonedChunkToQueue(c, buffer, byteOffset, byteLength) {
    const clone = buffer.slice(byteOffset, byteOffset + byteLength);
    byteControllerEnqueueChunkToQueue(c, clone, 0, byteLength);
  }

  function byteControllerEnqueueDetachedPullIntoToQueue(c, pullInto) {
    if (pullInto.bytesFilled > 0) {
      byteControllerEnqueueClonedChunkToQueue(c, pullInto.buffer, pullInto.byteOffset, pullInto.bytesFilled);
    }
    byteControllerShiftPendingPullInto(c);
  }

  function byteControllerError(c, e) {
    const rs = c.stream;
    if (rs.state !== "readable") return;
    byteControllerClearPendingPullIntos(c);
    resetQueue(c);
    byteControllerClearAlgorithms(c);
    readableStreamError(rs, e);
  }

  function byteControllerFillHeadPullIntoDescriptor(c, size, pullInto) {
    pullInto.bytesFilled += size;
  }

  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-fill-pull-into-descriptor-from-queue
  function byteControllerFillPullIntoDescriptorFromQueue(c, pullInto) {
    const maxBytesToCopy = Math.min(c.queueTotalSize, pullInto.byteLength - pullInto.bytesFilled);
    const maxBytesFilled = pullInto.bytesFilled + maxBytesToCopy;
    let totalBytesToCopyRemaining = maxBytesToCopy;
    let ready = false;
    const remainderBytes = maxBytesFilled % pullInto.elementSize;
    const maxAlignedBytes = maxBytesFilled - remainderBytes;
    if (maxAlignedBytes >= pullInto.minimumFill) {
      totalBytesToCopyRemaining = maxAlignedBytes - pullInto.bytesFilled;
      ready = true;
    }
    while (totalBytesToCopyRemaining > 0) {
      const head = c.queue.peek();
      const bytesToCopy = Math.min(totalBytesToCopyRemaining, head.byteLength);
      const destStart = pullInto.byteOffset + pullInto.bytesFilled;
      new Uint8ArrayCtor(pullInto.buffer, destStart, bytesToCopy)
        .set(new Uint8ArrayCtor(head.buffer, head.byteOffset, bytesToCopy));
      if (head.byteLength === bytesToCopy) {
        c.queue.shift();
      } else {
        head.byteOffset += bytesToCopy;
        head.byteLength -= bytesToCopy;
      }
      c.queueTotalSize -= bytesToCopy;
      byteControllerFillHeadPullIntoDescriptor(c, bytesToCopy, pullInto);
      totalBytesToCopyRemaining -= bytesToCopy;
    }
    return ready;
  }

  function byteControllerFillReadRequestFromQueue(c, req) {
    const entry = c.queue.shift();
    c.queueTotalSize -= entry.byteLength;
    byteControllerHandleQueueDrain(c);
    req.chunk(new Uint8ArrayCtor(entry.buffer, entry.byteOffset, entry.byteLength));
  }

  function byteControllerGetBYOBRequest(c) {
    if (c.byobRequest === null && c.pendingPullIntos.length > 0) {
      const first = c.pendingPullIntos.peek();
      const view = new Uint8ArrayCtor(first.buffer, first.byteOffset + first.bytesFilled, first.byteLength - first.bytesFilled);
      c.byobRequest = new ReadableStreamBYOBRequest(INTERNAL, { controller: c, view });
    }
    return c.byobRequest;
  }

  function byteControllerDesiredSize(c) {
    const state = c.stream.state;
    if (state === "errored") return null;
    if (state === "closed" || c.closeRequested) return 0;
    return c.strategyHWM - c.queueTotalSize;
  }

  // A read served from the queue does not pull (workerd); an emptied queue
  // of a stream whose close was requested closes it.
  function byteControllerHandleQueueDrain(c) {
    if (c.queueTotalSize === 0 && c.closeRequested) {
      byteControllerClearAlgorithms(c);
      readableStreamClose(c.stream);
    }
  }

  function byteControllerProcessPullIntoDescriptorsUsingQueue(c) {
    while (c.pendingPullIntos.length > 0) {
      if (c.queueTotalSize === 0) return;
      const pullInto = c.pendingPullIntos.peek();
      if (byteControllerFillPullIntoDescriptorFromQueue(c, pullInto)) {
        byteControllerShiftPendingPullInto(c);
        byteControllerCommitPullIntoDescriptor(c.stream, pullInto);
      }
    }
  }

  function byteControllerProcessReadRequestsUsingQueue(c) {
    const reader = c.stream.reader;
    while (reader.readRequests.length > 0) {
      if (c.queueTotalSize === 0) return;
      byteControllerFillReadRequestFromQueue(c, reader.readRequests.shift());
    }
  }

  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-pull-into
  function byteControllerPullInto(c, view, min, req) {
    const rs = c.stream;
    let elementSize = 1;
    let ctor = DataViewCtor;
    if (!(view instanceof DataViewCtor)) {
      elementSize = view.BYTES_PER_ELEMENT;
      ctor = view.constructor;
    }
    const minimumFill = min * elementSize;
    const pullInto = {
      buffer: view.buffer, bufferByteLength: view.buffer.byteLength, byteOffset: view.byteOffset,
      byteLength: view.byteLength, bytesFilled: 0, minimumFill, elementSize, viewConstructor: ctor,
      readerType: "byob",
    };
    if (c.pendingPullIntos.length > 0) {
      c.pendingPullIntos.push(pullInto);
      rs.reader.readIntoRequests.push(req);
      return;
    }
    if (rs.state === "closed") {
      req.close(new ctor(pullInto.buffer, pullInto.byteOffset, 0));
      return;
    }
    if (c.queueTotalSize > 0) {
      if (byteControllerFillPullIntoDescriptorFromQueue(c, pullInto)) {
        const filled = byteControllerConvertPullIntoDescriptor(pullInto);
        byteControllerHandleQueueDrain(c);
        req.chunk(filled);
        return;
      }
      if (c.closeRequested) {
        const e = new TypeErrorCtor("This ReadableStream was closed with a partial read pending.");
        byteControllerError(c, e);
        req.error(e);
        return;
      }
    }
    c.pendingPullIntos.push(pullInto);
    rs.reader.readIntoRequests.push(req);
    byteControllerCallPullIfNeeded(c);
  }

  function byteControllerConvertPullIntoDescriptor(pullInto) {
    return new pullInto.viewConstructor(pullInto.buffer, pullInto.byteOffset, pullInto.bytesFilled / pullInto.elementSize);
  }

  function byteControllerCommitPullIntoDescriptor(rs, pullInto) {
    let done = false;
    if (rs.state === "closed") done = true;
    const filled = byteControllerConvertPullIntoDescriptor(pullInto);
    if (pullInto.readerType === "default") {
      readableStreamFulfillReadRequest(rs, filled, done);
    } else if (pullInto.readerType === "byob") {
      readableStreamFulfillReadIntoRequest(rs, filled, done);
    }
  }

  function byteControllerShiftPendingPullInto(c) {
    return c.pendingPullIntos.shift();
  }

  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-pull-steps
  function byteControllerPullSteps(c, req) {
    const rs = c.stream;
    if (c.queueTotalSize > 0) {
      byteControllerFillReadRequestFromQueue(c, req);
      return;
    }
    if (c.autoAllocateChunkSize !== undefined) {
      let buffer;
      try {
        buffer = new ArrayBufferCtor(c.autoAllocateChunkSize);
      } catch (e) {
        req.error(e);
        return;
      }
      c.pendingPullIntos.push({
        buffer, bufferByteLength: c.autoAllocateChunkSize, byteOffset: 0, byteLength: c.autoAllocateChunkSize,
        bytesFilled: 0, minimumFill: 1, elementSize: 1, viewConstructor: Uint8ArrayCtor, readerType: "default",
      });
    }
    rs.reader.readRequests.push(req);
    byteControllerCallPullIfNeeded(c);
  }

  function byteControllerRespond(c, bytesWritten) {
    const first = c.pendingPullIntos.peek();
    const state = c.stream.state;
    if (state === "closed") {
      if (bytesWritten !== 0) throw new TypeErrorCtor("The bytesWritten must be zero after the stream is closed.");
    } else {
      if (!(bytesWritten > 0)) throw new TypeErrorCtor("The bytesWritten must be more than zero while the stream is open.");
      if (first.bytesFilled + bytesWritten > first.byteLength) {
        throw new RangeErrorCtor("The bytesWritten is greater than the remaining view.");
      }
    }
    byteControllerRespondInternal(c, bytesWritten);
  }

  function byteControllerRespondInternal(c, bytesWritten) {
    const first = c.pendingPullIntos.peek();
    byteControllerInvalidateBYOBRequest(c);
    if (c.stream.state === "closed") {
      byteControllerRespondInClosedState(c, first);
    } else {
      byteControllerRespondInReadableState(c, bytesWritten, first);
    }
    byteControllerCallPullIfNeeded(c);
  }

  function byteControllerRespondInClosedState(c, first) {
    if (first.readerType === "none") byteControllerShiftPendingPullInto(c);
    const rs = c.stream;
    if (hasBYOBReader(rs)) {
      while (rs.reader.readIntoRequests.length > 0) {
        byteControllerCommitPullIntoDescriptor(rs, byteControllerShiftPendingPullInto(c));
      }
    }
  }

  function byteControllerRespondInReadableState(c, bytesWritten, pullInto) {
    byteControllerFillHeadPullIntoDescriptor(c, bytesWritten, pullInto);
    if (pullInto.readerType === "none") {
      byteControllerEnqueueDetachedPullIntoToQueue(c, pullInto);
      byteControllerProcessPullIntoDescriptorsUsingQueue(c);
      return;
    }
    if (pullInto.bytesFilled < pullInto.minimumFill) return;
    byteControllerShiftPendingPullInto(c);
    const remainderSize = pullInto.bytesFilled % pullInto.elementSize;
    if (remainderSize > 0) {
      const end = pullInto.byteOffset + pullInto.bytesFilled;
      byteControllerEnqueueClonedChunkToQueue(c, pullInto.buffer, end - remainderSize, remainderSize);
    }
    pullInto.bytesFilled -= remainderSize;
    byteControllerCommitPullIntoDescriptor(c.stream, pullInto);
    byteControllerProcessPullIntoDescriptorsUsingQueue(c);
  }

  function byteControllerRespondWithNewView(c, view) {
    const first = c.pendingPullIntos.peek();
    const state = c.stream.state;
    if (state === "closed") {
      if (view.byteLength !== 0) throw new TypeErrorCtor("The view byte length must be zero after the stream is closed.");
    } else if (view.byteLength === 0) {
      throw new TypeErrorCtor("The view byte length must be more than zero while the stream is open.");
    }
    if (first.byteOffset + first.bytesFilled !== view.byteOffset) {
      throw new RangeErrorCtor("The view has an invalid byte offset.");
    }
    if (first.bufferByteLength !== view.buffer.byteLength) {
      throw new RangeErrorCtor("The underlying ArrayBuffer is not the correct length.");
    }
    if (first.bytesFilled + view.byteLength > first.byteLength) {
      throw new RangeErrorCtor("The view is larger than the remaining buffer.");
    }
    first.buffer = view.buffer;
    byteControllerRespondInternal(c, view.byteLength);
  }

  // ------------------------------------------------------- Go-backed reads
  // A Go-backed ReadableStream is a byte stream with no queue to speak of
  // (high-water mark 0, so nothing is read before someone reads, as with
  // workerd's internal streams): each pull asks the Go source for the next
  // chunk (host.sourceRead resolves to a Uint8Array, or undefined at the
  // end) and fills a BYOB request or enqueues it.
  function newGoReadable(src) {
    const rs = createReadableStream();
    rs.goSource = src;
    let c;
    c = setUpByteController(rs, undefined, () => goPull(src, c), (reason) => {
      host.sourceCancel(src, reason);
    }, 0, undefined);
    return rs;
  }

  function goPull(src, c) {
    const pullInto = c.pendingPullIntos.peek();
    const max = pullInto === undefined ? 0 : pullInto.byteLength - pullInto.bytesFilled;
    return then(host.sourceRead(src, max), (chunk) => {
      if (c.closeRequested || c.stream.state !== "readable") return;
      if (chunk === undefined) {
        byteControllerClose(c);
        if (c.pendingPullIntos.length > 0) byteControllerRespondInternal(c, 0);
        return;
      }
      if (pullInto !== undefined && c.pendingPullIntos.peek() === pullInto) {
        new Uint8ArrayCtor(pullInto.buffer, pullInto.byteOffset + pullInto.bytesFilled, chunk.byteLength).set(chunk);
        byteControllerRespondInternal(c, chunk.byteLength);
        return;
      }
      byteControllerEnqueue(c, chunk);
    });
  }

  // takeGoSource hands a Go-backed stream's source back to Go when no JS
  // code has read from it: the stream is then locked and disturbed, and
  // the bytes go from Go to Go. Otherwise it returns undefined.
  function takeGoSource(stream) {
    const rs = readableStateOrUndefined(stream);
    if (rs === undefined || rs.goSource === undefined || isReadableLocked(rs) || rs.disturbed || rs.state !== "readable") {
      return undefined;
    }
    const src = rs.goSource;
    rs.goSource = undefined;
    acquireDefaultReader(rs);
    rs.disturbed = true;
    return src;
  }

  // pipeToGo reads a stream to its end into a Go sink: host.sinkWrite gets
  // each chunk as a Uint8Array and returns undefined (taken) or a promise
  // (settled once the bytes are written), host.sinkClose ends it and
  // host.sinkAbort fails it. A chunk that is not bytes fails the pipe with
  // a TypeError carrying nonBytesMessage. The stream stays locked. The
  // returned promise settles when the sink is closed or has failed.
  function pipeToGo(stream, sink, nonBytesMessage) {
    const rs = readableState(stream);
    const reader = acquireDefaultReader(rs);
    const done = newDeferred();
    let failed = false;
    const fail = (e, cancelSource) => {
      if (failed) return;
      failed = true;
      host.sinkAbort(sink, e);
      if (cancelSource) setHandled(readableStreamCancel(rs, e));
      done.reject(e);
    };
    // step reads chunks until a write has to wait; a loop, not recursion,
    // so a long queue of chunks taken synchronously cannot overflow the
    // stack. One read is pending at a time, so one read request serves.
    let sync = false;
    let again = false;
    const failWrite = (e) => fail(e, true);
    const readRequest = {
      chunk: (chunk) => {
        const bytes = bytesOf(chunk);
        if (bytes === undefined) {
          fail(new TypeErrorCtor(nonBytesMessage), true);
          return;
        }
        let written;
        try {
          written = host.sinkWrite(sink, bytes);
        } catch (e) {
          fail(e, true);
          return;
        }
        if (written !== undefined) {
          then(written, step, failWrite);
        } else if (sync) {
          again = true;
        } else {
          step();
        }
      },
      close: () => {
        let closed;
        try {
          closed = promiseResolve(host.sinkClose(sink));
        } catch (e) {
          fail(e, false);
          return;
        }
        then(closed, () => done.resolve(undefined), (e) => fail(e, false));
      },
      error: (e) => fail(e, false),
    };
    const step = () => {
      do {
        sync = true;
        again = false;
        defaultReaderRead(reader, readRequest);
        sync = false;
      } while (again);
    };
    step();
    return done.promise;
  }

  // A stream that has been read as a body already: locked, disturbed and
  // closed, as workerd leaves a consumed body's stream.
  function newUsedStream() {
    const rs = createReadableStream();
    setUpDefaultController(rs, undefined, undefined, undefined, 0, undefined);
    rs.controller.closeRequested = true;
    readableStreamClose(rs);
    acquireDefaultReader(rs);
    rs.disturbed = true;
    return rs.obj;
  }

  // ------------------------------------------------------------------ tee
  // https://streams.spec.whatwg.org/#abstract-opdef-readablestreamdefaulttee
  // One reader feeds both branches. A byte stream's branches are byte
  // streams (so they take BYOB readers), and the second branch gets its own
  // copy of each chunk, as the standard's byte tee gives it.
  function readableStreamTee(rs) {
    const bytes = rs.controller.kind === "byte";
    const reader = acquireDefaultReader(rs);
    let reading = false, readAgain = false, canceled1 = false, canceled2 = false;
    let reason1, reason2;
    let branch1, branch2;
    const cancelPromise = newDeferred();

    const enqueue = (branch, chunk) => {
      const c = branch.controller;
      if (bytes) byteControllerEnqueue(c, chunk);
      else if (defaultControllerCanCloseOrEnqueue(c)) defaultControllerEnqueue(c, chunk);
    };
    const close = (branch) => {
      const c = branch.controller;
      if (bytes) {
        byteControllerClose(c);
        if (c.pendingPullIntos.length > 0) byteControllerRespondInternal(c, 0);
      } else if (defaultControllerCanCloseOrEnqueue(c)) {
        defaultControllerClose(c);
      }
    };
    const error = (branch, e) => {
      if (bytes) byteControllerError(branch.controller, e);
      else defaultControllerError(branch.controller, e);
    };

    const pullAlgorithm = () => {
      if (reading) {
        readAgain = true;
        return promiseResolve(undefined);
      }
      reading = true;
      defaultReaderRead(reader, {
        chunk: (chunk) => {
          // The chunk steps run in a microtask, as the standard asks, so a
          // branch canceled in between is seen.
          then(promiseResolve(undefined), () => {
            readAgain = false;
            let chunk2 = chunk;
            if (bytes && !canceled1 && !canceled2) {
              const b = bytesOf(chunk);
              chunk2 = new Uint8ArrayCtor(b);
            }
            if (!canceled1) enqueue(branch1, chunk);
            if (!canceled2) enqueue(branch2, chunk2);
            reading = false;
            if (readAgain) pullAlgorithm();
          });
        },
        close: () => {
          reading = false;
          if (!canceled1) close(branch1);
          if (!canceled2) close(branch2);
          if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
        },
        error: () => { reading = false; },
      });
      return promiseResolve(undefined);
    };

    const cancel1 = (reason) => {
      canceled1 = true;
      reason1 = reason;
      if (canceled2) cancelPromise.resolve(readableStreamCancel(rs, [reason1, reason2]));
      return cancelPromise.promise;
    };
    const cancel2 = (reason) => {
      canceled2 = true;
      reason2 = reason;
      if (canceled1) cancelPromise.resolve(readableStreamCancel(rs, [reason1, reason2]));
      return cancelPromise.promise;
    };

    branch1 = createReadableStream();
    branch2 = createReadableStream();
    if (bytes) {
      setUpByteController(branch1, undefined, pullAlgorithm, cancel1, 0, undefined);
      setUpByteController(branch2, undefined, pullAlgorithm, cancel2, 0, undefined);
    } else {
      setUpDefaultController(branch1, undefined, pullAlgorithm, cancel1, 1, undefined);
      setUpDefaultController(branch2, undefined, pullAlgorithm, cancel2, 1, undefined);
    }
    then(reader.closed.promise, undefined, (e) => {
      error(branch1, e);
      error(branch2, e);
      if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
    });
    return [branch1, branch2];
  }

  // ------------------------------------------------------- async iteration
  // https://streams.spec.whatwg.org/#rs-asynciterator
  let asyncIteratorState;

  class ReadableStreamAsyncIterator {
    #s;
    constructor(key, state) {
      if (key !== INTERNAL) throw new TypeErrorCtor("Illegal constructor");
      this.#s = state;
    }

    static {
      asyncIteratorState = (o) => {
        if (o !== null && typeof o === "object" && #s in o) return o.#s;
        throw new TypeErrorCtor("Illegal invocation");
      };
    }

    next() {
      let it;
      try { it = asyncIteratorState(this); } catch (e) { return promiseReject(e); }
      const nextSteps = () => {
        if (it.finished) return promiseResolve({ value: undefined, done: true });
        const reader = it.reader;
        if (reader.stream === undefined) return promiseReject(new TypeErrorCtor(RELEASED));
        const d = newDeferred();
        defaultReaderRead(reader, {
          chunk: (chunk) => d.resolve({ value: chunk, done: false }),
          close: () => {
            readerGenericRelease(reader);
            it.finished = true;
            d.resolve({ value: undefined, done: true });
          },
          error: (e) => {
            readerGenericRelease(reader);
            it.finished = true;
            d.reject(e);
          },
        });
        return d.promise;
      };
      it.ongoing = it.ongoing === undefined ? nextSteps() : then(it.ongoing, nextSteps, nextSteps);
      return it.ongoing;
    }

    return(value = undefined) {
      let it;
      try { it = asyncIteratorState(this); } catch (e) { return promiseReject(e); }
      const returnSteps = () => {
        if (it.finished) return promiseResolve({ value, done: true });
        it.finished = true;
        const reader = it.reader;
        if (reader.stream === undefined) return promiseResolve({ value, done: true });
        if (!it.preventCancel) {
          const result = readableStreamCancel(reader.stream, value);
          readerGenericRelease(reader);
          return then(result, () => ({ value, done: true }));
        }
        readerGenericRelease(reader);
        return promiseResolve({ value, done: true });
      };
      it.ongoing = it.ongoing === undefined ? returnSteps() : then(it.ongoing, returnSteps, returnSteps);
      return it.ongoing;
    }

    [asyncIteratorSymbol]() { return this; }
  }
  defineProperty(ReadableStreamAsyncIterator.prototype, Symbol.toStringTag, { value: "ReadableStream Async Iterator", configurable: true });

  function newAsyncIterator(reader, preventCancel) {
    return new ReadableStreamAsyncIterator(INTERNAL, { reader, preventCancel, finished: false, ongoing: undefined });
  }

  // ---------------------------------------------------- ReadableStream.from
  // https://streams.spec.whatwg.org/#readable-stream-from-iterable, with
  // workerd's error text for what is not iterable.
  function readableStreamFromIterable(iterable) {
    const notIterable = () => new TypeErrorCtor("Failed to execute 'from' on 'ReadableStream': parameter 1 is not of type 'AsyncGenerator'.");
    if (iterable === null || (typeof iterable !== "object" && typeof iterable !== "function")) throw notIterable();
    let iterator, nextMethod, isAsync = true;
    const asyncMethod = iterable[asyncIteratorSymbol];
    if (asyncMethod !== undefined && asyncMethod !== null) {
      iterator = asyncMethod.call(iterable);
    } else {
      const syncMethod = iterable[iteratorSymbol];
      if (syncMethod === undefined || syncMethod === null) throw notIterable();
      iterator = syncMethod.call(iterable);
      isAsync = false;
    }
    if (iterator === null || typeof iterator !== "object") throw new TypeErrorCtor("The iterator is not an object.");
    nextMethod = iterator.next;
    const rs = createReadableStream();
    let c;
    const pullAlgorithm = () => {
      let result;
      try {
        result = nextMethod.call(iterator);
      } catch (e) {
        return promiseReject(e);
      }
      const settle = (r) => {
        if (r === null || typeof r !== "object") throw new TypeErrorCtor("The iterator result is not an object.");
        if (r.done) {
          defaultControllerClose(c);
          return undefined;
        }
        // A sync iterator's values are awaited, as the async-from-sync
        // iterator does; so is a promise an async iterator yields.
        return then(promiseResolve(r.value), (value) => { defaultControllerEnqueue(c, value); });
      };
      return then(isAsync ? promiseResolve(result) : promiseResolve(result), settle);
    };
    const cancelAlgorithm = (reason) => {
      const returnMethod = iterator.return;
      if (returnMethod === undefined || returnMethod === null) return promiseResolve(undefined);
      let result;
      try {
        result = returnMethod.call(iterator, reason);
      } catch (e) {
        return promiseReject(e);
      }
      return then(promiseResolve(result), (r) => {
        if (r === null || typeof r !== "object") throw new TypeErrorCtor("The iterator result is not an object.");
      });
    };
    c = setUpDefaultController(rs, undefined, pullAlgorithm, cancelAlgorithm, 0, undefined);
    return rs;
  }

  // ------------------------------------------------------- WritableStream
  function newWritableState(obj) {
    return {
      obj, state: "writable", storedError: undefined, writer: undefined, controller: undefined,
      inFlightWriteRequest: undefined, closeRequest: undefined, inFlightCloseRequest: undefined,
      pendingAbortRequest: undefined, writeRequests: new Queue(), backpressure: false,
      // goSink is the Go sink of a Go-backed stream.
      goSink: undefined,
    };
  }

  let writableState, writableStateOrUndefined;

  class WritableStream {
    #s;
    constructor(underlyingSink = undefined, strategy = undefined) {
      this.#s = newWritableState(this);
      if (underlyingSink === INTERNAL) return;
      if (underlyingSink !== undefined && underlyingSink !== null && typeof underlyingSink !== "object") {
        throw new TypeErrorCtor("Failed to construct 'WritableStream': constructor parameter 1 is not of type 'UnderlyingSink'.");
      }
      const sink = underlyingSink ?? undefined;
      if (sink?.type !== undefined) throw new RangeErrorCtor("Invalid underlying sink type. Only undefined is valid.");
      const size = extractSizeAlgorithm(strategy);
      const hwm = extractHighWaterMark(strategy, 1);
      setUpWritableControllerFromSink(this.#s, sink, hwm, size);
    }

    static {
      writableState = (o) => {
        if (o !== null && typeof o === "object" && #s in o) return o.#s;
        throw new TypeErrorCtor("Illegal invocation");
      };
      writableStateOrUndefined = (o) => (o !== null && typeof o === "object" && #s in o ? o.#s : undefined);
    }

    get locked() { return isWritableLocked(writableState(this)); }

    abort(reason = undefined) {
      let ws;
      try { ws = writableState(this); } catch (e) { return promiseReject(e); }
      if (isWritableLocked(ws)) return promiseReject(new TypeErrorCtor("This WritableStream is currently locked to a writer."));
      return writableStreamAbort(ws, reason);
    }

    close() {
      let ws;
      try { ws = writableState(this); } catch (e) { return promiseReject(e); }
      if (isWritableLocked(ws)) return promiseReject(new TypeErrorCtor("This WritableStream is currently locked to a writer."));
      if (writableStreamCloseQueuedOrInFlight(ws)) {
        return promiseReject(new TypeErrorCtor("Cannot close a writer that is already being closed"));
      }
      return writableStreamClose(ws);
    }

    getWriter() {
      return acquireWriter(writableState(this)).obj;
    }
  }
  defineProperty(WritableStream.prototype, Symbol.toStringTag, { value: "WritableStream", configurable: true });

  function createWritableStream() {
    return writableState(new WritableStream(INTERNAL));
  }

  const isWritableLocked = (ws) => ws.writer !== undefined;

  // https://streams.spec.whatwg.org/#writable-stream-abort
  function writableStreamAbort(ws, reason) {
    if (ws.state === "closed" || ws.state === "errored") return promiseResolve(undefined);
    ws.controller.abortController.abort(reason);
    const state = ws.state;
    if (state === "closed" || state === "errored") return promiseResolve(undefined);
    if (ws.pendingAbortRequest !== undefined) return ws.pendingAbortRequest.deferred.promise;
    let wasAlreadyErroring = false;
    if (state === "erroring") {
      wasAlreadyErroring = true;
      reason = undefined;
    }
    const deferred = newDeferred();
    ws.pendingAbortRequest = { deferred, reason, wasAlreadyErroring };
    if (!wasAlreadyErroring) writableStreamStartErroring(ws, reason);
    return deferred.promise;
  }

  // https://streams.spec.whatwg.org/#writable-stream-close
  function writableStreamClose(ws) {
    const state = ws.state;
    if (state === "closed" || state === "errored") {
      return promiseReject(new TypeErrorCtor("This WritableStream has been closed."));
    }
    const deferred = newDeferred();
    ws.closeRequest = deferred;
    const writer = ws.writer;
    if (writer !== undefined && ws.backpressure && state === "writable") writer.ready.resolve(undefined);
    writableControllerClose(ws.controller);
    return deferred.promise;
  }

  function writableStreamAddWriteRequest(ws) {
    const deferred = newDeferred();
    ws.writeRequests.push(deferred);
    return deferred.promise;
  }

  function writableStreamDealWithRejection(ws, error) {
    if (ws.state === "writable") {
      writableStreamStartErroring(ws, error);
      return;
    }
    writableStreamFinishErroring(ws);
  }

  function writableStreamStartErroring(ws, reason) {
    const c = ws.controller;
    ws.state = "erroring";
    ws.storedError = reason;
    const writer = ws.writer;
    if (writer !== undefined) writerEnsureReadyPromiseRejected(writer, reason);
    if (!writableStreamHasOperationMarkedInFlight(ws) && c.started) writableStreamFinishErroring(ws);
  }

  function writableStreamFinishErroring(ws) {
    ws.state = "errored";
    ws.controller.errorSteps();
    const storedError = ws.storedError;
    const requests = ws.writeRequests;
    ws.writeRequests = new Queue();
    requests.forEach((d) => d.reject(storedError));
    if (ws.pendingAbortRequest === undefined) {
      writableStreamRejectCloseAndClosedPromiseIfNeeded(ws);
      return;
    }
    const abortRequest = ws.pendingAbortRequest;
    ws.pendingAbortRequest = undefined;
    if (abortRequest.wasAlreadyErroring) {
      abortRequest.deferred.reject(storedError);
      writableStreamRejectCloseAndClosedPromiseIfNeeded(ws);
      return;
    }
    const promise = ws.controller.abortSteps(abortRequest.reason);
    then(promise, () => {
      abortRequest.deferred.resolve(undefined);
      writableStreamRejectCloseAndClosedPromiseIfNeeded(ws);
    }, (reason) => {
      abortRequest.deferred.reject(reason);
      writableStreamRejectCloseAndClosedPromiseIfNeeded(ws);
    });
  }

  function writableStreamFinishInFlightWrite(ws) {
    ws.inFlightWriteRequest.resolve(undefined);
    ws.inFlightWriteRequest = undefined;
  }

  function writableStreamFinishInFlightWriteWithError(ws, error) {
    ws.inFlightWriteRequest.reject(error);
    ws.inFlightWriteRequest = undefined;
    writableStreamDealWithRejection(ws, error);
  }

  function writableStreamFinishInFlightClose(ws) {
    ws.inFlightCloseRequest.resolve(undefined);
    ws.inFlightCloseRequest = undefined;
    if (ws.state === "erroring") {
      ws.storedError = undefined;
      if (ws.pendingAbortRequest !== undefined) {
        ws.pendingAbortRequest.deferred.resolve(undefined);
        ws.pendingAbortRequest = undefined;
      }
    }
    ws.state = "closed";
    const writer = ws.writer;
    if (writer !== undefined) writer.closed.resolve(undefined);
  }

  function writableStreamFinishInFlightCloseWithError(ws, error) {
    ws.inFlightCloseRequest.reject(error);
    ws.inFlightCloseRequest = undefined;
    if (ws.pendingAbortRequest !== undefined) {
      ws.pendingAbortRequest.deferred.reject(error);
      ws.pendingAbortRequest = undefined;
    }
    writableStreamDealWithRejection(ws, error);
  }

  const writableStreamCloseQueuedOrInFlight = (ws) => ws.closeRequest !== undefined || ws.inFlightCloseRequest !== undefined;
  const writableStreamHasOperationMarkedInFlight = (ws) => ws.inFlightWriteRequest !== undefined || ws.inFlightCloseRequest !== undefined;

  function writableStreamMarkCloseRequestInFlight(ws) {
    ws.inFlightCloseRequest = ws.closeRequest;
    ws.closeRequest = undefined;
  }

  function writableStreamMarkFirstWriteRequestInFlight(ws) {
    ws.inFlightWriteRequest = ws.writeRequests.shift();
  }

  function writableStreamRejectCloseAndClosedPromiseIfNeeded(ws) {
    if (ws.closeRequest !== undefined) {
      ws.closeRequest.reject(ws.storedError);
      ws.closeRequest = undefined;
    }
    const writer = ws.writer;
    if (writer !== undefined) {
      writer.closed.reject(ws.storedError);
      setHandled(writer.closed.promise);
    }
  }

  function writableStreamUpdateBackpressure(ws, backpressure) {
    const writer = ws.writer;
    if (writer !== undefined && backpressure !== ws.backpressure) {
      if (backpressure) writer.ready = newDeferred();
      else writer.ready.resolve(undefined);
    }
    ws.backpressure = backpressure;
  }

  // ------------------------------------------------------------- writers
  const WRITER_RELEASED = "This WritableStream writer has been released.";
  let writerState;

  class WritableStreamDefaultWriter {
    #s;
    constructor(stream) {
      this.#s = { obj: this, stream: undefined, ready: undefined, closed: undefined };
      if (stream === INTERNAL) return;
      const ws = writableStateOrUndefined(stream);
      if (ws === undefined) {
        throw new TypeErrorCtor("Failed to construct 'WritableStreamDefaultWriter': constructor parameter 1 is not of type 'WritableStream'.");
      }
      setUpWriter(this.#s, ws);
    }

    static {
      writerState = (o) => {
        if (o !== null && typeof o === "object" && #s in o) return o.#s;
        throw new TypeErrorCtor("Illegal invocation");
      };
    }

    get closed() { return writerState(this).closed.promise; }

    get desiredSize() {
      const writer = writerState(this);
      if (writer.stream === undefined) throw new TypeErrorCtor(WRITER_RELEASED);
      return writerGetDesiredSize(writer);
    }

    get ready() { return writerState(this).ready.promise; }

    abort(reason = undefined) {
      let writer;
      try { writer = writerState(this); } catch (e) { return promiseReject(e); }
      if (writer.stream === undefined) return promiseReject(new TypeErrorCtor(WRITER_RELEASED));
      return writableStreamAbort(writer.stream, reason);
    }

    close() {
      let writer;
      try { writer = writerState(this); } catch (e) { return promiseReject(e); }
      const ws = writer.stream;
      if (ws === undefined) return promiseReject(new TypeErrorCtor(WRITER_RELEASED));
      if (ws.state === "closed") return promiseReject(new TypeErrorCtor("This WritableStream has been closed."));
      if (writableStreamCloseQueuedOrInFlight(ws)) {
        return promiseReject(new TypeErrorCtor("Cannot close a writer that is already being closed"));
      }
      return writableStreamClose(ws);
    }

    releaseLock() {
      const writer = writerState(this);
      if (writer.stream === undefined) return;
      writerRelease(writer);
    }

    write(chunk = undefined) {
      let writer;
      try { writer = writerState(this); } catch (e) { return promiseReject(e); }
      if (writer.stream === undefined) return promiseReject(new TypeErrorCtor(WRITER_RELEASED));
      return writerWrite(writer, chunk);
    }
  }
  defineProperty(WritableStreamDefaultWriter.prototype, Symbol.toStringTag, { value: "WritableStreamDefaultWriter", configurable: true });

  function acquireWriter(ws) {
    const writer = writerState(new WritableStreamDefaultWriter(INTERNAL));
    setUpWriter(writer, ws);
    return writer;
  }

  // https://streams.spec.whatwg.org/#set-up-writable-stream-default-writer
  function setUpWriter(writer, ws) {
    if (isWritableLocked(ws)) throw new TypeErrorCtor("This WritableStream is currently locked to a writer.");
    writer.stream = ws;
    ws.writer = writer;
    const state = ws.state;
    if (state === "writable") {
      writer.ready = !writableStreamCloseQueuedOrInFlight(ws) && ws.backpressure ? newDeferred() : resolvedDeferred();
      writer.closed = newDeferred();
    } else if (state === "erroring") {
      writer.ready = rejectedDeferred(ws.storedError);
      writer.closed = newDeferred();
    } else if (state === "closed") {
      writer.ready = resolvedDeferred();
      writer.closed = resolvedDeferred();
    } else {
      writer.ready = rejectedDeferred(ws.storedError);
      writer.closed = rejectedDeferred(ws.storedError);
    }
  }

  function writerEnsureReadyPromiseRejected(writer, error) {
    const d = newDeferred();
    d.reject(error);
    setHandled(d.promise);
    writer.ready.reject(error);
    setHandled(writer.ready.promise);
    writer.ready = d;
  }

  function writerGetDesiredSize(writer) {
    const ws = writer.stream;
    const state = ws.state;
    if (state === "errored" || state === "erroring") return null;
    if (state === "closed") return 0;
    return writableControllerGetDesiredSize(ws.controller);
  }

  // https://streams.spec.whatwg.org/#writable-stream-default-writer-release
  function writerRelease(writer) {
    const ws = writer.stream;
    const releasedError = new TypeErrorCtor(WRITER_RELEASED);
    writerEnsureReadyPromiseRejected(writer, releasedError);
    const closed = newDeferred();
    closed.reject(releasedError);
    setHandled(closed.promise);
    if (ws.state === "writable" || ws.state === "erroring") writer.closed.reject(releasedError);
    setHandled(writer.closed.promise);
    writer.closed = closed;
    ws.writer = undefined;
    writer.stream = undefined;
  }

  // https://streams.spec.whatwg.org/#writable-stream-default-writer-write
  function writerWrite(writer, chunk) {
    const ws = writer.stream;
    const c = ws.controller;
    const chunkSize = writableControllerGetChunkSize(c, chunk);
    if (ws !== writer.stream) return promiseReject(new TypeErrorCtor(WRITER_RELEASED));
    const state = ws.state;
    if (state === "errored") return promiseReject(ws.storedError);
    if (writableStreamCloseQueuedOrInFlight(ws) || state === "closed") {
      return promiseReject(new TypeErrorCtor("This WritableStream has been closed."));
    }
    if (state === "erroring") return promiseReject(ws.storedError);
    const promise = writableStreamAddWriteRequest(ws);
    writableControllerWrite(c, chunk, chunkSize);
    return promise;
  }

  function writerCloseWithErrorPropagation(writer) {
    const ws = writer.stream;
    const state = ws.state;
    if (writableStreamCloseQueuedOrInFlight(ws) || state === "closed") return promiseResolve(undefined);
    if (state === "errored") return promiseReject(ws.storedError);
    return writableStreamClose(ws);
  }

  // ---------------------------------------- WritableStreamDefaultController
  let writableControllerState;

  class WritableStreamDefaultController {
    #s;
    constructor(key, state) {
      if (key !== INTERNAL) throw new TypeErrorCtor("Illegal constructor");
      this.#s = state;
    }

    static {
      writableControllerState = (o) => {
        if (o !== null && typeof o === "object" && #s in o) return o.#s;
        throw new TypeErrorCtor("Illegal invocation");
      };
    }

    get signal() { return writableControllerState(this).abortController.signal; }

    error(e = undefined) {
      const c = writableControllerState(this);
      if (c.stream.state !== "writable") return;
      writableControllerError(c, e);
    }
  }
  defineProperty(WritableStreamDefaultController.prototype, Symbol.toStringTag, { value: "WritableStreamDefaultController", configurable: true });

  const CLOSE_SENTINEL = Symbol("close");

  // https://streams.spec.whatwg.org/#set-up-writable-stream-default-controller
  function setUpWritableController(ws, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, hwm, sizeAlgorithm) {
    const c = {
      obj: undefined, stream: ws, queue: new Queue(), queueTotalSize: 0, started: false,
      abortController: new AbortControllerCtor(), strategyHWM: hwm, strategySizeAlgorithm: sizeAlgorithm,
      writeAlgorithm, closeAlgorithm, abortAlgorithm,
      abortSteps: (reason) => {
        const result = callAlgorithm(c.abortAlgorithm, reason);
        writableControllerClearAlgorithms(c);
        return result;
      },
      errorSteps: () => resetQueue(c),
    };
    c.obj = new WritableStreamDefaultController(INTERNAL, c);
    ws.controller = c;
    writableStreamUpdateBackpressure(ws, writableControllerGetBackpressure(c));
    const started = () => {
      c.started = true;
      writableControllerAdvanceQueueIfNeeded(c);
    };
    const failed = (r) => {
      c.started = true;
      writableStreamDealWithRejection(ws, r);
    };
    if (startAlgorithm === undefined) {
      // The standard settles start through a promise even without a start
      // member; so does workerd's writable side.
      then(promiseResolve(undefined), started);
    } else {
      runAlgorithm(startAlgorithm, started, failed);
    }
    return c;
  }

  function setUpWritableControllerFromSink(ws, sink, hwm, sizeAlgorithm) {
    const start = method(sink, "start", "UnderlyingSink");
    const write = method(sink, "write", "UnderlyingSink");
    const close = method(sink, "close", "UnderlyingSink");
    const abort = method(sink, "abort", "UnderlyingSink");
    let c;
    c = setUpWritableController(ws,
      start && (() => start.call(sink, ws.controller.obj)),
      (chunk) => (write === undefined ? undefined : write.call(sink, chunk, c.obj)),
      close && (() => close.call(sink)),
      abort && ((reason) => abort.call(sink, reason)),
      hwm, sizeAlgorithm);
  }

  function writableControllerClearAlgorithms(c) {
    c.writeAlgorithm = undefined;
    c.closeAlgorithm = undefined;
    c.abortAlgorithm = undefined;
    c.strategySizeAlgorithm = undefined;
  }

  function writableControllerClose(c) {
    enqueueValueWithSize(c, CLOSE_SENTINEL, 0);
    writableControllerAdvanceQueueIfNeeded(c);
  }

  function writableControllerGetChunkSize(c, chunk) {
    if (c.strategySizeAlgorithm === undefined) return 1;
    try {
      return c.strategySizeAlgorithm(chunk);
    } catch (e) {
      writableControllerErrorIfNeeded(c, e);
      return 1;
    }
  }

  function writableControllerGetDesiredSize(c) {
    return c.strategyHWM - c.queueTotalSize;
  }

  function writableControllerWrite(c, chunk, chunkSize) {
    try {
      enqueueValueWithSize(c, chunk, chunkSize);
    } catch (e) {
      writableControllerErrorIfNeeded(c, e);
      return;
    }
    const ws = c.stream;
    if (!writableStreamCloseQueuedOrInFlight(ws) && ws.state === "writable") {
      writableStreamUpdateBackpressure(ws, writableControllerGetBackpressure(c));
    }
    writableControllerAdvanceQueueIfNeeded(c);
  }

  // https://streams.spec.whatwg.org/#writable-stream-default-controller-advance-queue-if-needed
  function writableControllerAdvanceQueueIfNeeded(c) {
    const ws = c.stream;
    if (!c.started || ws.inFlightWriteRequest !== undefined) return;
    const state = ws.state;
    if (state === "erroring") {
      writableStreamFinishErroring(ws);
      return;
    }
    if (c.queue.length === 0) return;
    const value = c.queue.peek().value;
    if (value === CLOSE_SENTINEL) writableControllerProcessClose(c);
    else writableControllerProcessWrite(c, value);
  }

  function writableControllerErrorIfNeeded(c, error) {
    if (c.stream.state === "writable") writableControllerError(c, error);
  }

  function writableControllerProcessClose(c) {
    const ws = c.stream;
    writableStreamMarkCloseRequestInFlight(ws);
    dequeueValue(c);
    const closeAlgorithm = c.closeAlgorithm;
    writableControllerClearAlgorithms(c);
    then(callAlgorithm(closeAlgorithm), () => writableStreamFinishInFlightClose(ws),
      (reason) => writableStreamFinishInFlightCloseWithError(ws, reason));
  }

  function writableControllerProcessWrite(c, chunk) {
    const ws = c.stream;
    writableStreamMarkFirstWriteRequestInFlight(ws);
    then(callAlgorithm(c.writeAlgorithm, chunk), () => {
      writableStreamFinishInFlightWrite(ws);
      const state = ws.state;
      dequeueValue(c);
      if (!writableStreamCloseQueuedOrInFlight(ws) && state === "writable") {
        writableStreamUpdateBackpressure(ws, writableControllerGetBackpressure(c));
      }
      writableControllerAdvanceQueueIfNeeded(c);
    }, (reason) => {
      if (ws.state === "writable") writableControllerClearAlgorithms(c);
      writableStreamFinishInFlightWriteWithError(ws, reason);
    });
  }

  const writableControllerGetBackpressure = (c) => writableControllerGetDesiredSize(c) <= 0;

  function writableControllerError(c, error) {
    writableControllerClearAlgorithms(c);
    writableStreamStartErroring(c.stream, error);
  }

  // --------------------------------------------------- Go-backed writes
  // A Go-backed WritableStream hands each chunk to a Go sink. Only bytes
  // go through: workerd's internal streams refuse anything else with these
  // texts.
  const STRING_CHUNK = "This TransformStream is being used as a byte stream, but received a string on its writable side. " +
    "If you wish to write a string, you'll probably want to explicitly UTF-8-encode it with TextEncoder.";
  const OBJECT_CHUNK = "This TransformStream is being used as a byte stream, but received an object of " +
    "non-ArrayBuffer/ArrayBufferView type on its writable side.";
  const PIPE_NON_BYTES = "This WritableStream only supports writing byte types.";

  function newGoWritable(sink, hwm) {
    const ws = createWritableStream();
    ws.goSink = sink;
    setUpWritableController(ws, undefined, (chunk) => {
      const bytes = bytesOf(chunk);
      if (bytes === undefined) throw new TypeErrorCtor(typeof chunk === "string" ? STRING_CHUNK : OBJECT_CHUNK);
      if (bytes.byteLength === 0) return undefined;
      return host.sinkWrite(sink, bytes);
    }, () => host.sinkClose(sink), (reason) => {
      host.sinkAbort(sink, reason);
    }, hwm, undefined);
    return ws;
  }

  // ------------------------------------------------------- TransformStream
  let transformState, transformControllerState;

  class TransformStream {
    #s;
    constructor(transformer = undefined, writableStrategy = undefined, readableStrategy = undefined) {
      if (transformer === INTERNAL) {
        // A Go-backed pair (IdentityTransformStream, CompressionStream…):
        // the readable and writable sides are given.
        this.#s = { obj: this, readable: readableState(writableStrategy), writable: writableState(readableStrategy) };
        return;
      }
      this.#s = newTransformState(this);
      if (transformer !== undefined && transformer !== null && typeof transformer !== "object") {
        throw new TypeErrorCtor("Failed to construct 'TransformStream': constructor parameter 1 is not of type 'Transformer'.");
      }
      const t = transformer ?? undefined;
      if (t?.readableType !== undefined) throw new RangeErrorCtor("Invalid readableType specified");
      if (t?.writableType !== undefined) throw new RangeErrorCtor("Invalid writableType specified");
      const readableHWM = extractHighWaterMark(readableStrategy, 0);
      const readableSize = extractSizeAlgorithm(readableStrategy);
      const writableHWM = extractHighWaterMark(writableStrategy, 1);
      const writableSize = extractSizeAlgorithm(writableStrategy);
      const start = newDeferred();
      initializeTransformStream(this.#s, start.promise, writableHWM, writableSize, readableHWM, readableSize);
      setUpTransformControllerFromTransformer(this.#s, t);
      const startMethod = method(t, "start", "Transformer");
      if (startMethod === undefined) {
        start.resolve(undefined);
      } else {
        try {
          start.resolve(startMethod.call(t, this.#s.controller.obj));
        } catch (e) {
          start.reject(e);
        }
      }
    }

    static {
      transformState = (o) => {
        if (o !== null && typeof o === "object" && #s in o) return o.#s;
        throw new TypeErrorCtor("Illegal invocation");
      };
    }

    get readable() { return transformState(this).readable.obj; }

    get writable() { return transformState(this).writable.obj; }
  }
  defineProperty(TransformStream.prototype, Symbol.toStringTag, { value: "TransformStream", configurable: true });

  function newTransformState(obj) {
    return {
      obj, readable: undefined, writable: undefined, backpressure: undefined,
      backpressureChangePromise: undefined, controller: undefined,
    };
  }

  class TransformStreamDefaultController {
    #s;
    constructor(key, state) {
      if (key !== INTERNAL) throw new TypeErrorCtor("Illegal constructor");
      this.#s = state;
    }

    static {
      transformControllerState = (o) => {
        if (o !== null && typeof o === "object" && #s in o) return o.#s;
        throw new TypeErrorCtor("Illegal invocation");
      };
    }

    get desiredSize() {
      const c = transformControllerState(this);
      return defaultControllerDesiredSize(c.stream.readable.controller);
    }

    enqueue(chunk = undefined) {
      transformControllerEnqueue(transformControllerState(this), chunk);
    }

    error(reason = undefined) {
      transformControllerError(transformControllerState(this), reason);
    }

    terminate() {
      transformControllerTerminate(transformControllerState(this));
    }
  }
  defineProperty(TransformStreamDefaultController.prototype, Symbol.toStringTag, { value: "TransformStreamDefaultController", configurable: true });

  // https://streams.spec.whatwg.org/#initialize-transform-stream
  function initializeTransformStream(ts, startPromise, writableHWM, writableSize, readableHWM, readableSize) {
    const startAlgorithm = () => startPromise;
    ts.writable = createWritableStream();
    setUpWritableController(ts.writable, startAlgorithm,
      (chunk) => transformStreamDefaultSinkWrite(ts, chunk),
      () => transformStreamDefaultSinkClose(ts),
      (reason) => transformStreamDefaultSinkAbort(ts, reason),
      writableHWM, writableSize);
    ts.readable = createReadableStream();
    setUpDefaultController(ts.readable, startAlgorithm,
      () => transformStreamDefaultSourcePull(ts),
      (reason) => transformStreamDefaultSourceCancel(ts, reason),
      readableHWM, readableSize);
    ts.backpressure = undefined;
    ts.backpressureChangePromise = undefined;
    transformStreamSetBackpressure(ts, true);
    ts.controller = undefined;
  }

  function transformStreamError(ts, e) {
    defaultControllerError(ts.readable.controller, e);
    transformStreamErrorWritableAndUnblockWrite(ts, e);
  }

  function transformStreamErrorWritableAndUnblockWrite(ts, e) {
    transformControllerClearAlgorithms(ts.controller);
    writableControllerErrorIfNeeded(ts.writable.controller, e);
    transformStreamUnblockWrite(ts);
  }

  function transformStreamUnblockWrite(ts) {
    if (ts.backpressure) transformStreamSetBackpressure(ts, false);
  }

  function transformStreamSetBackpressure(ts, backpressure) {
    if (ts.backpressureChangePromise !== undefined) ts.backpressureChangePromise.resolve(undefined);
    ts.backpressureChangePromise = newDeferred();
    ts.backpressure = backpressure;
  }

  function setUpTransformControllerFromTransformer(ts, transformer) {
    const c = { obj: undefined, stream: ts, transformAlgorithm: undefined, flushAlgorithm: undefined, cancelAlgorithm: undefined, finishPromise: undefined };
    c.obj = new TransformStreamDefaultController(INTERNAL, c);
    const transform = method(transformer, "transform", "Transformer");
    const flush = method(transformer, "flush", "Transformer");
    const cancel = method(transformer, "cancel", "Transformer");
    c.transformAlgorithm = (chunk) => {
      try {
        if (transform === undefined) {
          transformControllerEnqueue(c, chunk);
          return promiseResolve(undefined);
        }
        return promiseResolve(transform.call(transformer, chunk, c.obj));
      } catch (e) {
        return promiseReject(e);
      }
    };
    c.flushAlgorithm = flush === undefined ? () => promiseResolve(undefined) : () => callAlgorithm(() => flush.call(transformer, c.obj));
    c.cancelAlgorithm = cancel === undefined ? () => promiseResolve(undefined) : (reason) => callAlgorithm(() => cancel.call(transformer, reason));
    ts.controller = c;
  }

  function transformControllerClearAlgorithms(c) {
    c.transformAlgorithm = undefined;
    c.flushAlgorithm = undefined;
    c.cancelAlgorithm = undefined;
  }

  function transformControllerEnqueue(c, chunk) {
    const ts = c.stream;
    const rc = ts.readable.controller;
    if (!defaultControllerCanCloseOrEnqueue(rc)) {
      throw new TypeErrorCtor("The readable side of this TransformStream is no longer readable.");
    }
    try {
      defaultControllerEnqueue(rc, chunk);
    } catch (e) {
      transformStreamErrorWritableAndUnblockWrite(ts, e);
      throw ts.readable.storedError;
    }
    const backpressure = !defaultControllerShouldCallPull(rc) && defaultControllerDesiredSize(rc) <= 0;
    if (backpressure !== ts.backpressure) transformStreamSetBackpressure(ts, true);
  }

  function transformControllerError(c, e) {
    transformStreamError(c.stream, e);
  }

  function transformControllerPerformTransform(c, chunk) {
    return then(c.transformAlgorithm(chunk), undefined, (r) => {
      transformStreamError(c.stream, r);
      throw r;
    });
  }

  function transformControllerTerminate(c) {
    const ts = c.stream;
    const rc = ts.readable.controller;
    if (defaultControllerCanCloseOrEnqueue(rc)) defaultControllerClose(rc);
    transformStreamErrorWritableAndUnblockWrite(ts, new TypeErrorCtor("The transform stream has been terminated."));
  }

  // https://streams.spec.whatwg.org/#transform-stream-default-sink-write-algorithm
  function transformStreamDefaultSinkWrite(ts, chunk) {
    const c = ts.controller;
    if (ts.backpressure) {
      return then(ts.backpressureChangePromise.promise, () => {
        const ws = ts.writable;
        if (ws.state === "erroring") throw ws.storedError;
        return transformControllerPerformTransform(c, chunk);
      });
    }
    return transformControllerPerformTransform(c, chunk);
  }

  function transformStreamDefaultSinkAbort(ts, reason) {
    const c = ts.controller;
    if (c.finishPromise !== undefined) return c.finishPromise.promise;
    const rs = ts.readable;
    c.finishPromise = newDeferred();
    const cancelPromise = c.cancelAlgorithm(reason);
    transformControllerClearAlgorithms(c);
    then(cancelPromise, () => {
      if (rs.state === "errored") {
        c.finishPromise.reject(rs.storedError);
      } else {
        defaultControllerError(rs.controller, reason);
        c.finishPromise.resolve(undefined);
      }
    }, (r) => {
      defaultControllerError(rs.controller, r);
      c.finishPromise.reject(r);
    });
    return c.finishPromise.promise;
  }

  function transformStreamDefaultSinkClose(ts) {
    const c = ts.controller;
    if (c.finishPromise !== undefined) return c.finishPromise.promise;
    const rs = ts.readable;
    c.finishPromise = newDeferred();
    const flushPromise = c.flushAlgorithm();
    transformControllerClearAlgorithms(c);
    then(flushPromise, () => {
      if (rs.state === "errored") {
        c.finishPromise.reject(rs.storedError);
      } else {
        if (defaultControllerCanCloseOrEnqueue(rs.controller)) defaultControllerClose(rs.controller);
        c.finishPromise.resolve(undefined);
      }
    }, (r) => {
      defaultControllerError(rs.controller, r);
      c.finishPromise.reject(r);
    });
    return c.finishPromise.promise;
  }

  function transformStreamDefaultSourcePull(ts) {
    transformStreamSetBackpressure(ts, false);
    return ts.backpressureChangePromise.promise;
  }

  function transformStreamDefaultSourceCancel(ts, reason) {
    const c = ts.controller;
    if (c.finishPromise !== undefined) return c.finishPromise.promise;
    const ws = ts.writable;
    c.finishPromise = newDeferred();
    const cancelPromise = c.cancelAlgorithm(reason);
    transformControllerClearAlgorithms(c);
    then(cancelPromise, () => {
      if (ws.state === "errored") {
        c.finishPromise.reject(ws.storedError);
      } else {
        writableControllerErrorIfNeeded(ws.controller, reason);
        transformStreamUnblockWrite(ts);
        c.finishPromise.resolve(undefined);
      }
    }, (r) => {
      writableControllerErrorIfNeeded(ws.controller, r);
      transformStreamUnblockWrite(ts);
      c.finishPromise.reject(r);
    });
    return c.finishPromise.promise;
  }

  // ---------------------------------------------------------------- pipeTo
  function pipeOptions(options) {
    if (options === undefined || options === null) {
      return { preventClose: false, preventAbort: false, preventCancel: false, signal: undefined };
    }
    const signal = options.signal;
    if (signal !== undefined && !(signal instanceof AbortSignalCtor)) {
      throw new TypeErrorCtor("Failed to execute 'pipeTo' on 'ReadableStream': member signal is not of type 'AbortSignal'.");
    }
    return {
      preventClose: Boolean(options.preventClose), preventAbort: Boolean(options.preventAbort),
      preventCancel: Boolean(options.preventCancel), signal,
    };
  }

  // https://streams.spec.whatwg.org/#readable-stream-pipe-to
  function readableStreamPipeTo(source, dest, { preventClose, preventAbort, preventCancel, signal }) {
    const reader = acquireDefaultReader(source);
    const writer = acquireWriter(dest);
    source.disturbed = true;
    let shuttingDown = false;
    let currentWrite = promiseResolve(undefined);
    const done = newDeferred();
    let abortAlgorithm;

    const finalize = (hasError, error) => {
      writerRelease(writer);
      readerGenericRelease(reader);
      if (signal !== undefined) signal.removeEventListener("abort", abortAlgorithm);
      if (hasError) done.reject(error);
      else done.resolve(undefined);
    };
    const waitForWritesToFinish = () => {
      const old = currentWrite;
      return then(old, () => (old !== currentWrite ? waitForWritesToFinish() : undefined));
    };
    const destWritable = () => dest.state === "writable" && !writableStreamCloseQueuedOrInFlight(dest);
    const shutdownWithAction = (action, hasError, error) => {
      if (shuttingDown) return;
      shuttingDown = true;
      const doAction = () => {
        let p;
        try {
          p = action();
        } catch (e) {
          p = promiseReject(e);
        }
        then(p, () => finalize(hasError, error), (e) => finalize(true, e));
      };
      if (destWritable()) then(waitForWritesToFinish(), doAction);
      else doAction();
    };
    const shutdown = (hasError, error) => {
      if (shuttingDown) return;
      shuttingDown = true;
      if (destWritable()) then(waitForWritesToFinish(), () => finalize(hasError, error));
      else finalize(hasError, error);
    };

    if (signal !== undefined) {
      abortAlgorithm = () => {
        const error = signal.reason;
        shutdownWithAction(() => {
          const actions = [];
          if (!preventAbort) actions.push(dest.state === "writable" ? writableStreamAbort(dest, error) : promiseResolve(undefined));
          if (!preventCancel) actions.push(source.state === "readable" ? readableStreamCancel(source, error) : promiseResolve(undefined));
          return PromiseCtor.all(actions);
        }, true, error);
      };
      if (signal.aborted) {
        abortAlgorithm();
        return done.promise;
      }
      signal.addEventListener("abort", abortAlgorithm);
    }

    // Errors must be propagated forward.
    const onSourceErrored = (storedError) => {
      if (!preventAbort) shutdownWithAction(() => writableStreamAbort(dest, storedError), true, storedError);
      else shutdown(true, storedError);
    };
    // Errors must be propagated backward.
    const onDestErrored = (storedError) => {
      if (!preventCancel) shutdownWithAction(() => readableStreamCancel(source, storedError), true, storedError);
      else shutdown(true, storedError);
    };
    // Closing must be propagated forward.
    const onSourceClosed = () => {
      if (!preventClose) shutdownWithAction(() => writerCloseWithErrorPropagation(writer));
      else shutdown();
    };

    if (source.state === "errored") onSourceErrored(source.storedError);
    else then(reader.closed.promise, () => onSourceClosed(), onSourceErrored);
    if (dest.state === "errored") onDestErrored(dest.storedError);
    else then(writer.closed.promise, undefined, onDestErrored);
    if (source.state === "closed") onSourceClosed();
    // Closing must be propagated backward.
    if (writableStreamCloseQueuedOrInFlight(dest) || dest.state === "closed") {
      const destClosed = new TypeErrorCtor("This destination writable stream is closed.");
      if (!preventCancel) shutdownWithAction(() => readableStreamCancel(source, destClosed), true, destClosed);
      else shutdown(true, destClosed);
    }

    // The loop: wait until the destination wants more, read one chunk,
    // start writing it, repeat. (The read request and the callback are
    // made once: one chunk is read at a time.)
    const goSink = dest.goSink !== undefined;
    const readRequest = {
      chunk: (chunk) => {
        if (shuttingDown) return;
        if (goSink && bytesOf(chunk) === undefined) {
          // What workerd's pipe into an internal stream does with a
          // chunk that is not bytes.
          const e = new TypeErrorCtor(PIPE_NON_BYTES);
          currentWrite = writableStreamAbort(dest, e);
          setHandled(currentWrite);
          return;
        }
        currentWrite = writerWrite(writer, chunk);
        setHandled(currentWrite);
        loop();
      },
      close: noop,
      error: noop,
    };
    const readOne = () => {
      if (!shuttingDown) defaultReaderRead(reader, readRequest);
    };
    const loop = () => {
      if (!shuttingDown) then(writer.ready.promise, readOne, noop);
    };
    loop();
    return done.promise;
  }

  // ---------------------------------------------------- queuing strategies
  // https://streams.spec.whatwg.org/#qs-api, with workerd's accessors on
  // the prototype.
  const countSize = function size() { return 1; };
  const byteLengthSize = function size(chunk) {
    if (chunk !== null && typeof chunk === "object") {
      const n = chunk.byteLength;
      if (typeof n === "number") return n;
    }
    return undefined;
  };

  function strategyInit(init, className) {
    if (init === null || typeof init !== "object" || init.highWaterMark === undefined) {
      throw new TypeErrorCtor(`Failed to construct '${className}': constructor parameter 1 is not of type 'QueuingStrategyInit'.`);
    }
    return Number(init.highWaterMark);
  }

  class CountQueuingStrategy {
    #hwm;
    constructor(init) { this.#hwm = strategyInit(init, "CountQueuingStrategy"); }
    get highWaterMark() { return this.#hwm; }
    get size() { return countSize; }
  }
  defineProperty(CountQueuingStrategy.prototype, Symbol.toStringTag, { value: "CountQueuingStrategy", configurable: true });

  class ByteLengthQueuingStrategy {
    #hwm;
    constructor(init) { this.#hwm = strategyInit(init, "ByteLengthQueuingStrategy"); }
    get highWaterMark() { return this.#hwm; }
    get size() { return byteLengthSize; }
  }
  defineProperty(ByteLengthQueuingStrategy.prototype, Symbol.toStringTag, { value: "ByteLengthQueuingStrategy", configurable: true });

  // -------------------------------------------------------------- exports
  return {
    classes: {
      ReadableStream, ReadableStreamDefaultReader, ReadableStreamBYOBReader, ReadableStreamDefaultController,
      ReadableByteStreamController, ReadableStreamBYOBRequest, WritableStream, WritableStreamDefaultWriter,
      WritableStreamDefaultController, TransformStream, TransformStreamDefaultController,
      CountQueuingStrategy, ByteLengthQueuingStrategy,
    },
    // The hooks Go and the Go-backed stream classes use.
    INTERNAL,
    newGoReadable: (src) => newGoReadable(src).obj,
    newGoWritable: (sink, hwm) => newGoWritable(sink, hwm).obj,
    isReadableStream: (v) => readableStateOrUndefined(v) !== undefined,
    isLocked: (stream) => isReadableLocked(readableState(stream)),
    isDisturbed: (stream) => readableState(stream).disturbed,
    takeGoSource,
    pipeToGo,
    newUsedStream,
    tee: (stream) => readableStreamTee(readableState(stream)).map((b) => b.obj),
    bytesOf,
  };
});
