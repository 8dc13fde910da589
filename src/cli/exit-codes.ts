// One table from failure to process exit code (ARCHITECTURE.md "Errors"). Scripts key on these.
import { isInputError, type InputErrorCode } from '../core/errors.js';
import { RemoteReadError } from '../io/tiff/http-byte-source.js';

export const EXIT_OK = 0;
/** Bad command line (sysexits EX_USAGE). */
export const EXIT_USAGE = 64;
/** Input rejected: a tile, segment file or zone file we will not process (EX_DATAERR). */
export const EXIT_INPUT_REJECTED = 65;
/** A file that does not exist or cannot be read (EX_NOINPUT). */
export const EXIT_NO_INPUT = 66;
/** A service we need (Redis) cannot be reached (EX_UNAVAILABLE). */
export const EXIT_UNAVAILABLE = 69;
/** Configuration (BW_* environment) is invalid (EX_CONFIG). */
export const EXIT_CONFIG = 78;
/** A bug or an environment failure (EX_SOFTWARE). */
export const EXIT_INTERNAL = 70;

export function exitCodeFor(err: unknown): number {
  // A remote tile store that stayed down through every retry is an outage, not our bug.
  if (err instanceof RemoteReadError) return EXIT_UNAVAILABLE;
  if (!isInputError(err)) return EXIT_INTERNAL;
  const byCode: Partial<Record<InputErrorCode, number>> = {
    ARGS_INVALID: EXIT_USAGE,
    FILE_NOT_FOUND: EXIT_NO_INPUT,
    FILE_UNREADABLE: EXIT_NO_INPUT,
    URL_UNREADABLE: EXIT_NO_INPUT,
    CONFIG_INVALID: EXIT_CONFIG,
  };
  return byCode[err.code] ?? EXIT_INPUT_REJECTED;
}
