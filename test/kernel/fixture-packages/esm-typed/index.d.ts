export declare function greet(name: string): string;
export declare const format: "esm";
export default function double(x: number): number;
