// A property worked out when first read, then kept, on a plain object: own and enumerable like a data property (so
// Object.keys, spreading, JSON and test equality see it as before), with nothing else visible on the object.
//
// Why not an object literal's `get x() { … }` closing over the inputs: each evaluation of such a literal makes a new
// getter function, so V8 gives each object an accessor pair of its own and keeps the object in dictionary mode. The
// accessor pair is allocated in the old generation and points (through the getter's closure) at the young objects of
// its command, which were then kept through every young-generation collection until a full one: in a warm loop of
// `decide` (one such object per command) the garbage collector took about half of the time (docs/benchmarks.md G10).
// Here the getter is one function for all objects (they keep one fast hidden class) and the inputs sit in a private
// field.
/** A base class whose constructor returns the object it is given: a subclass adds its private fields to that object. */
class OnObject {
  constructor(o: object) {
    return o as OnObject;
  }
}

/**
 * Defines `key` on objects as a lazy, cached, own enumerable property (configurable, as an object literal's getter
 * is). One definer per property name; the value is computed at most once per object, on first read.
 */
export function lazyProperty<K extends string>(key: K) {
  class Pending extends OnObject {
    #compute: (() => unknown) | undefined;
    #value: unknown;
    constructor(o: object, compute: () => unknown) {
      super(o);
      this.#compute = compute;
    }
    static read(o: object): unknown {
      const p = o as Pending;
      const compute = p.#compute;
      if (compute) {
        p.#value = compute();
        p.#compute = undefined;
      }
      return p.#value;
    }
  }
  const descriptor: PropertyDescriptor = {
    get(this: object) {
      return Pending.read(this);
    },
    enumerable: true,
    configurable: true,
  };
  return <T extends object, V>(o: T, compute: () => V): T & Record<K, V> => {
    Object.defineProperty(o, key, descriptor);
    new Pending(o, compute);
    return o as T & Record<K, V>;
  };
}
