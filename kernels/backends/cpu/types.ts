/** The flat arrays the CPU backends store: Float64Array (cpu64) or Float32Array (cpu). */
export type Arr = Float32Array | Float64Array;
export type ArrCtor = Float32ArrayConstructor | Float64ArrayConstructor;
/**
 * A backend's array allocator (see pool.ts).
 * NOTE: the array may be recycled, so its contents are arbitrary; a kernel writes every element
 * (or fills first).
 */
export type Alloc = (n: number) => Arr;
