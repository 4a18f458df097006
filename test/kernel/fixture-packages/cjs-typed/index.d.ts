export declare function triple(x: number): number;
export declare const kind: string;
