import { lazyProperty } from './lazy-property.js';

describe('lazyProperty: a property worked out when first read, on a plain object', () => {
  const withAnswer = lazyProperty('answer');

  it('computes once, on first read, and keeps the value', () => {
    let calls = 0;
    const o = withAnswer({ a: 1 }, () => ++calls);
    expect(calls).toBe(0);
    expect(o.answer).toBe(1);
    expect(o.answer).toBe(1);
    expect(calls).toBe(1);
  });

  it('reads as an own enumerable property of a plain object, with nothing else visible', () => {
    const o = Object.assign(
      withAnswer({ a: 1 }, () => [42]),
      { b: 2 },
    );
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.keys(o)).toEqual(['a', 'answer', 'b']);
    expect(Reflect.ownKeys(o)).toEqual(['a', 'answer', 'b']);
    expect({ ...o }).toEqual({ a: 1, answer: [42], b: 2 });
    expect(JSON.stringify(o)).toBe('{"a":1,"answer":[42],"b":2}');
    expect(o).toEqual({ a: 1, answer: [42], b: 2 });
  });

  it('a computation that throws is tried again on the next read', () => {
    let calls = 0;
    const o = withAnswer({}, () => {
      if (++calls === 1) throw new Error('first');
      return calls;
    });
    expect(() => o.answer).toThrow('first');
    expect(o.answer).toBe(2);
  });

  it('objects share one getter (an accessor of its own per object gave each object a hidden class of its own)', () => {
    const one = withAnswer({}, () => 1);
    const two = withAnswer({}, () => 2);
    expect(Object.getOwnPropertyDescriptor(one, 'answer')!.get).toBe(
      Object.getOwnPropertyDescriptor(two, 'answer')!.get,
    );
    expect([one.answer, two.answer]).toEqual([1, 2]);
  });
});
