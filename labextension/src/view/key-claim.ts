/**
 * Keys a view handles itself, kept from the front end's keyboard shortcuts.
 *
 * Both front ends hand every keydown to Lumino's `CommandRegistry`, which runs the best-matching
 * shortcut (in command mode the arrow keys move the notebook's active cell) and stops the event.
 * JupyterLab listens on `document` in the bubble phase (`app.start({ bubblingKeydown: true })`),
 * so a view's own listener runs first and may stop the event; Jupyter Notebook 7 starts its app
 * without that option and listens in the capture phase, before any listener inside the page,
 * so the view never saw its keys. A listener on `window` in the capture phase runs before
 * `document`'s; it marks a claimed keydown `defaultPrevented`, which the registry ignores
 * (`processKeydownEvent` returns at once), and the event then reaches the view as usual.
 * Only the keys the view uses, without modifiers, and only on its own elements are claimed:
 * every other shortcut (Shift+Enter, Escape, Ctrl+S, …) keeps working with the focus in the view.
 */

/** The keys a view claims: `key` values of `KeyboardEvent` that it handles without modifiers. */
export type KeyClaim = ReadonlySet<string>;

/**
 * Whether `event` is a plain press (no Ctrl, Alt, Meta or Shift) of one of the `keys`.
 *
 * @example
 * ```ts
 * import { isClaimedKey } from "./key-claim.js";
 * const keys = new Set(["ArrowLeft", "Home"]);
 * isClaimedKey({ key: "Home", ctrlKey: false, altKey: false, metaKey: false, shiftKey: false }, keys); // true
 * isClaimedKey({ key: "Home", ctrlKey: true, altKey: false, metaKey: false, shiftKey: false }, keys);  // false
 * isClaimedKey({ key: "Enter", ctrlKey: false, altKey: false, metaKey: false, shiftKey: false }, keys); // false
 * ```
 */
export function isClaimedKey(
  event: Pick<KeyboardEvent, "key" | "ctrlKey" | "altKey" | "metaKey" | "shiftKey">,
  keys: KeyClaim,
): boolean {
  return !(event.ctrlKey || event.altKey || event.metaKey || event.shiftKey) && keys.has(event.key);
}

/**
 * Claims `keys` pressed while the focus is inside `node` (see the module comment); returns the
 * function that gives them back (call it when the view is disposed).
 *
 * @example
 * ```ts
 * const release = claimKeys(toolbar, new Set(["ArrowLeft", "ArrowRight", "Home", "End"]));
 * toolbar.addEventListener("keydown", onToolbarKey); // now runs in Notebook 7 too
 * release(); // on dispose
 * ```
 */
export function claimKeys(node: HTMLElement, keys: KeyClaim): () => void {
  const listener = (event: KeyboardEvent): void => {
    const target = event.target;
    if (target instanceof Node && node.contains(target) && isClaimedKey(event, keys)) event.preventDefault();
  };
  window.addEventListener("keydown", listener, true);
  return () => window.removeEventListener("keydown", listener, true);
}
