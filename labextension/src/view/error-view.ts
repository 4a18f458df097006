/**
 * A readable error in the output area, built from text nodes only (messages may quote payload
 * values, which must never become markup).
 */

const MAX_PROBLEMS = 8;
const MAX_LENGTH = 300;

function clip(text: string): string {
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH)}…` : text;
}

/**
 * Fills `host` with an error box: a heading and the first few problems as a list.
 *
 * @example
 * ```ts
 * showError(node, "ConvLab could not draw this figure", ["/variants/0/maps/bits must be equal to one of the allowed values (8, 16)"]);
 * ```
 */
export function showError(host: HTMLElement, heading: string, problems: readonly string[]): void {
  host.replaceChildren();
  const box = document.createElement("div");
  box.className = "convlab-error";
  box.setAttribute("role", "alert");
  const title = document.createElement("div");
  title.className = "convlab-error-title";
  title.textContent = heading;
  box.append(title);
  const list = document.createElement("ul");
  for (const problem of problems.slice(0, MAX_PROBLEMS)) {
    const item = document.createElement("li");
    item.textContent = clip(problem);
    list.append(item);
  }
  if (problems.length > MAX_PROBLEMS) {
    const item = document.createElement("li");
    item.textContent = `… and ${problems.length - MAX_PROBLEMS} more`;
    list.append(item);
  }
  box.append(list);
  host.append(box);
}
