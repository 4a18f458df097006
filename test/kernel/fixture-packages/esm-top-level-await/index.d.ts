export declare const loaded: string;
