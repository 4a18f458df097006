/**
 * A tiny parser for the Python call expressions in the conformance files' `code` fields,
 * e.g. `nn.Conv2d(1, 1, 3, padding=3, padding_mode='reflect')(torch.zeros(1,1,3,3))`.
 * It understands names, attribute access, calls with positional and keyword arguments,
 * tuples, lists, numbers, strings, True/False/None — nothing else.
 */

export type PyValue = number | string | boolean | null | PyValue[] | PyCall | PyName;

export interface PyName {
  readonly type: "name";
  readonly name: string;
}

export interface PyCall {
  readonly type: "call";
  readonly callee: PyValue;
  readonly args: PyValue[];
  readonly kwargs: Record<string, PyValue>;
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): PyValue {
    const value = this.expression();
    this.skip();
    if (this.pos !== this.text.length) this.fail("unexpected trailing text");
    return value;
  }

  private fail(message: string): never {
    throw new Error(`${message} at ${this.pos} in: ${this.text}`);
  }

  private skip(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private peek(): string {
    this.skip();
    return this.text[this.pos] ?? "";
  }

  private expect(ch: string): void {
    if (this.peek() !== ch) this.fail(`expected '${ch}'`);
    this.pos++;
  }

  private expression(): PyValue {
    let value = this.atom();
    while (this.peek() === "(") value = this.call(value);
    return value;
  }

  private call(callee: PyValue): PyCall {
    this.expect("(");
    const args: PyValue[] = [];
    const kwargs: Record<string, PyValue> = {};
    while (this.peek() !== ")") {
      const keyword = /^([A-Za-z_]\w*)\s*=(?!=)/.exec(this.text.slice(this.pos));
      if (keyword) {
        this.pos += keyword[0].length;
        kwargs[keyword[1]!] = this.expression();
      } else {
        args.push(this.expression());
      }
      if (this.peek() === ",") this.pos++;
    }
    this.expect(")");
    return { type: "call", callee, args, kwargs };
  }

  private sequence(close: string): { items: PyValue[]; commas: number } {
    const items: PyValue[] = [];
    let commas = 0;
    while (this.peek() !== close) {
      items.push(this.expression());
      if (this.peek() === ",") {
        this.pos++;
        commas++;
      }
    }
    this.pos++;
    return { items, commas };
  }

  private atom(): PyValue {
    const ch = this.peek();
    if (ch === "(") {
      this.pos++;
      const { items, commas } = this.sequence(")");
      return items.length === 1 && commas === 0 ? items[0]! : items;
    }
    if (ch === "[") {
      this.pos++;
      return this.sequence("]").items;
    }
    if (ch === "'" || ch === '"') {
      const end = this.text.indexOf(ch, this.pos + 1);
      if (end < 0) this.fail("unterminated string");
      const value = this.text.slice(this.pos + 1, end);
      this.pos = end + 1;
      return value;
    }
    const number = /^-?\d+(\.\d*)?(e-?\d+)?/.exec(this.text.slice(this.pos));
    if (number) {
      this.pos += number[0].length;
      return Number(number[0]);
    }
    const name = /^[A-Za-z_][\w.]*/.exec(this.text.slice(this.pos));
    if (name) {
      this.pos += name[0].length;
      if (name[0] === "True") return true;
      if (name[0] === "False") return false;
      if (name[0] === "None") return null;
      return { type: "name", name: name[0] };
    }
    return this.fail("unexpected character");
  }
}

/** Parses one Python call expression. */
export function parsePython(code: string): PyValue {
  // Conformance files may annotate code after two spaces, e.g. "F.conv2d(...)  (first call only)".
  const expression = code.split(/\s{2,}\(/)[0]!.trim();
  return new Parser(expression).parse();
}

export function isCall(value: PyValue): value is PyCall {
  return typeof value === "object" && value !== null && !Array.isArray(value) && value.type === "call";
}

export function calleeName(call: PyCall): string {
  const callee = call.callee;
  if (typeof callee === "object" && callee !== null && !Array.isArray(callee) && callee.type === "name") {
    return callee.name;
  }
  return "";
}
