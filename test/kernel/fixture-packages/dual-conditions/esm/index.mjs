export const flavour = "import";
