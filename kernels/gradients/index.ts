/** Registers every primitive's gradient (side-effect imports). */
import './arithmetic.ts';
import './unary.ts';
import './select.ts';
import './reduce.ts';
import './matmul.ts';
import './movement.ts';
import './losses.ts';
import './conv.ts';
