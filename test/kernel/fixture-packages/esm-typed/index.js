export function greet(name) {
  return `hello, ${name}`;
}
export const format = "esm";
export default function double(x) {
  return 2 * x;
}
