// The last look before a request goes out. The client checks the shutdown signal before each
// attempt, but between that check and the socket there can be a wait: credentials to sign with,
// a connection to open, or all of the pool's connections busy, so undici queues the request. A
// request queued when the engine was alive could otherwise leave after it died. undici calls
// onRequestStart as it is about to write the request on a connection; refused there, it is never
// written, and the caller gets the ShutdownError.
import type { Dispatcher } from "undici";
import type { ShutdownSignal } from "./shutdown-signal";

type Handler = Dispatcher.DispatchHandler;
type Controller = Dispatcher.DispatchController;

/** Passes everything through; refuses to start a request once the provider is shutting down. */
class GatedHandler implements Handler {
  constructor(
    private readonly handler: Handler,
    private readonly shutdown: ShutdownSignal,
    private readonly method: string,
  ) {}

  onRequestStart(controller: Controller, context: unknown): void {
    this.handler.onRequestStart?.(controller, context);
    const refused = this.shutdown.refusal(this.method);
    if (refused) controller.abort(refused);
  }

  onRequestUpgrade(...args: Parameters<NonNullable<Handler["onRequestUpgrade"]>>): void {
    this.handler.onRequestUpgrade?.(...args);
  }

  onResponseStart(...args: Parameters<NonNullable<Handler["onResponseStart"]>>): void {
    this.handler.onResponseStart?.(...args);
  }

  onResponseData(...args: Parameters<NonNullable<Handler["onResponseData"]>>): void {
    this.handler.onResponseData?.(...args);
  }

  onResponseEnd(...args: Parameters<NonNullable<Handler["onResponseEnd"]>>): void {
    this.handler.onResponseEnd?.(...args);
  }

  onResponseError(...args: Parameters<NonNullable<Handler["onResponseError"]>>): void {
    this.handler.onResponseError?.(...args);
  }
}

/** The dispatcher as the client uses it: every request passes the shutdown check as it goes on the wire. */
export function gatedDispatcher(dispatcher: Dispatcher, shutdown: ShutdownSignal): Dispatcher {
  return dispatcher.compose((dispatch) => (options, handler) => dispatch(options, new GatedHandler(handler, shutdown, options.method)));
}
