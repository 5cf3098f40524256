/**
 * One notebook scope that compiles what it runs (compiled-scope.ts runs, transpile.ts compiles):
 * the Node cell runner, the grader's sandbox and the tests. The browser's worker uses
 * CompiledScope itself and loads the compiler only for an edited cell (session.ts).
 */
import { compileCell } from './transpile.ts';
import { CompiledScope, type CellResult } from './compiled-scope.ts';

export { locateError, type CellResult, type ErrorLocation } from './compiled-scope.ts';

export class CellScope extends CompiledScope {
  /** Compiles and runs one cell in this scope (throws CellSyntaxError or the cell's error). */
  async run(cellId: string, code: string): Promise<CellResult> {
    // `return await`, not `return`: an async function that returns a promise settles through that
    // promise's `then`, which a cell may have replaced (Promise.prototype.then = ..., in the
    // grader's adversarial suite), and then never settles; `await` uses the engine's own.
    return await this.runCompiled(cellId, compileCell(code));
  }
}
