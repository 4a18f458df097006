/** The cells' `await input(prompt)`: each request goes to the frontend and waits for its reply. */
import type { FromExecutor } from "../ipc.js";

type InputRequest = Extract<FromExecutor, { type: "input_request" }>;

/**
 * Open input requests, by id.
 *
 * @example
 * ```ts
 * import { InputRequests } from "./input-requests.js";
 * const sent: unknown[] = [];
 * const requests = new InputRequests((m) => sent.push(m));
 * const answer = requests.ask("Name? ", false);
 * requests.answer(1, "Ada");
 * await answer; // "Ada"
 * sent; // [{ type: "input_request", id: 1, prompt: "Name? ", password: false }]
 * ```
 */
export class InputRequests {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(v: string): void; reject(e: Error): void }>();

  constructor(private readonly send: (message: InputRequest) => void) {}

  /** Asks the frontend for a line; resolves with the reply's value. */
  ask(prompt: string, password: boolean): Promise<string> {
    const id = this.nextId++;
    this.send({ type: "input_request", id, prompt, password });
    return new Promise((resolve, reject) => this.waiting.set(id, { resolve, reject }));
  }

  /** The frontend's reply to request `id` (an error when it could not answer). */
  answer(id: number, value: string, error?: string): void {
    const waiter = this.waiting.get(id);
    this.waiting.delete(id);
    if (error) waiter?.reject(new Error(error));
    else waiter?.resolve(value);
  }
}
