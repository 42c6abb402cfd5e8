/**
 * Thrown when a fault is asked for with an argument it cannot use, such as a negative delay or a close code no
 * server may send. The chaos HTTP API answers such requests with 400 and this message.
 */
export class FaultArgumentError extends RangeError {
  override name = "FaultArgumentError";
}
