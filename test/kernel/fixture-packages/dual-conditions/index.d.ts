export declare const flavour: "import" | "require";
