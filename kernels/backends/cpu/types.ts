/** The flat arrays the CPU backends store: Float64Array (cpu64) or Float32Array (cpu). */
export type Arr = Float32Array | Float64Array;
export type ArrCtor = Float32ArrayConstructor | Float64ArrayConstructor;
